using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>An Orleans client of silos started as processes (<see cref="SiloProcess"/>), as the CLI connects.</summary>
internal sealed class ClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects, retrying while the silos start (until <paramref name="within"/>, default a minute, has passed or <paramref name="gaveUp"/> holds).</summary>
    public static Task<ClusterClient> Connect(LseClusterOptions options, Func<bool> gaveUp, TimeSpan? within = null) =>
        Connect(client => client.UseLseClusterClient(options), gaveUp, within);

    /// <summary>Connects a client configured by <paramref name="configure"/>; with <paramref name="within"/> zero, one attempt that Orleans does not retry either.</summary>
    public static async Task<ClusterClient> Connect(Action<IClientBuilder> configure, Func<bool> gaveUp, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.UseOrleansClient(client =>
            {
                configure(client);
                if (within == TimeSpan.Zero)
                {
                    client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
                }
            });
            var host = builder.Build();
            try
            {
                await host.StartAsync();
                return new ClusterClient(host);
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !gaveUp())
            {
                host.Dispose();
                await Task.Delay(250); // a silo is still starting
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
