using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Lse.Dashboard.Hosting;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Silo;

/// <summary>The silo's host: a web host serving the REST API and /metrics beside the grains, or (Lse:Dashboard:Enabled=false) a plain one.</summary>
internal static class SiloHost
{
    /// <summary>Runs the silo until it is stopped; returns the process's exit code (2: settings that cannot work).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (!web.Configuration.GetValue($"{DashboardOptions.Section}:{nameof(DashboardOptions.Enabled)}", true))
        {
            var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            plain.UseOrleans(silo => silo.AddLseSilo().AddLseOrleansDashboard());
            using var host = plain.Build();
            await host.RunAsync();
            return 0;
        }

        web.UseOrleans(silo => silo.AddLseSilo().AddLseOrleansDashboard());
        try
        {
            web.AddLseDashboard();
        }
        catch (InvalidOperationException e)
        {
            // Where to listen and with what key: said plainly, before anything starts.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await using var app = web.Build();
        app.MapLseDashboard();
        await app.RunAsync();
        return 0;
    }
}
