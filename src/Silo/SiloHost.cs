using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Lse.Dashboard.Hosting;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Silo;

/// <summary>The silo's host: a web host serving the REST API and /metrics beside the grains, or (Lse:Dashboard:Enabled=false) a plain one.</summary>
internal static class SiloHost
{
    public static async Task RunAsync(string[] args)
    {
        var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (!web.Configuration.GetValue($"{DashboardOptions.Section}:{nameof(DashboardOptions.Enabled)}", true))
        {
            var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            plain.UseOrleans(silo => silo.AddLseSilo());
            using var host = plain.Build();
            await host.RunAsync();
            return;
        }

        web.UseOrleans(silo => silo.AddLseSilo());
        web.AddLseDashboard();
        await using var app = web.Build();
        app.MapLseDashboard();
        await app.RunAsync();
    }
}
