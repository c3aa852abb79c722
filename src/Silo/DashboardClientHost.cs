using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Silo;

/// <summary>
/// <c>lse-silo dashboard</c>: the dashboard as an Orleans client of a running cluster (beside a silo, or on a machine
/// of its own), configured as a silo is (<c>Lse:Cluster</c>, <c>Lse:Dashboard</c>). Pictures are read from the
/// cluster's shared data directory.
/// </summary>
internal static class DashboardClientHost
{
    /// <summary>Serves until stopped; returns the exit code (2: settings that cannot work).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var cluster = web.Configuration.GetSection(LseClusterOptions.Section).Get<LseClusterOptions>() ?? new LseClusterOptions();
        try
        {
            cluster.Validate();
            web.AddLseDashboard();
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        web.Services.AddSingleton(Options.Create(cluster));
        web.UseOrleansClient(client => client.UseLseClusterClient(cluster).AddDashboard(dashboard => dashboard.HideTrace = true));
        await using var app = web.Build();
        app.MapLseDashboard();
        await app.RunAsync();
        return 0;
    }
}
