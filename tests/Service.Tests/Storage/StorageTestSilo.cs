using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>
/// One silo configured exactly as the service's (<see cref="StorageHostingExtensions.UseLseClusterStorage"/>) and an
/// external client (<see cref="StorageHostingExtensions.UseLseClusterClient"/>), each in its own host.
/// </summary>
internal sealed class StorageTestSilo : IAsyncDisposable
{
    private readonly IHost _silo;
    private readonly IHost _client;

    private StorageTestSilo(IHost silo, IHost client)
    {
        _silo = silo;
        _client = client;
    }

    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    public static async Task<StorageTestSilo> StartAsync(LseClusterOptions options)
    {
        var siloBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        siloBuilder.UseOrleans(silo => silo.UseLseClusterStorage(options));
        var silo = siloBuilder.Build();
        await silo.StartAsync();

        var clientBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        clientBuilder.UseOrleansClient(client => client.UseLseClusterClient(options));
        var client = clientBuilder.Build();
        try
        {
            await client.StartAsync();
        }
        catch
        {
            await silo.StopAsync();
            silo.Dispose();
            client.Dispose();
            throw;
        }

        return new StorageTestSilo(silo, client);
    }

    /// <summary>Options with free ports (other test runs may share this machine).</summary>
    public static LseClusterOptions Options(Action<LseClusterOptions> configure)
    {
        var options = new LseClusterOptions { SiloPort = LocalPorts.Free(), GatewayPort = LocalPorts.Free() };
        configure(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
        await _silo.StopAsync();
        _silo.Dispose();
    }
}
