using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Lse.Client.Cluster;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>An Orleans client connected to the LSE service, configured like the silos (environment Lse__Cluster__*, options).</summary>
internal sealed class ServiceConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ServiceConnection(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    public static Option<int?> GatewayPort() => new("--gateway-port") { Description = "The silo's client gateway port (default 30000, or Lse__Cluster__GatewayPort)." };

    public static Option<string?> Postgres() => new("--postgres") { Description = "Connect through PostgreSQL clustering with this Npgsql connection string, without the password (PGPASSWORD or ~/.pgpass supply it)." };

    /// <summary>How long the CLI keeps trying to reach a gateway before it says it cannot (Orleans' own default is 3 minutes).</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(15);

    public static async Task<ServiceConnection> Connect(int? gatewayPort, string? postgres, CancellationToken cancellationToken, TimeSpan? connectTimeout = null)
    {
        var giveUpAt = DateTime.UtcNow + (connectTimeout ?? ConnectTimeout);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var options = builder.Configuration.GetSection(LseClusterOptions.Section).Get<LseClusterOptions>() ?? new LseClusterOptions();
        if (gatewayPort is { } port)
        {
            options.GatewayPort = port;
        }

        if (postgres is { Length: > 0 })
        {
            if (new Npgsql.NpgsqlConnectionStringBuilder(postgres).Password is { Length: > 0 })
            {
                throw new ArgumentException("--postgres must not carry the password, which other users can read in the process list: put it in PGPASSWORD or a pgpass file (~/.pgpass), or the whole connection string in Lse__Cluster__PostgresConnectionString.");
            }

            options.Mode = ClusterMode.PostgreSql;
            options.PostgresConnectionString = postgres;
        }

        options.Validate();
        builder.UseOrleansClient(client => client.UseLseClusterClient(options).UseConnectionRetryFilter(async (_, token) =>
        {
            // A silo still starting answers within seconds; a service that is not there should not cost minutes.
            if (DateTime.UtcNow >= giveUpAt)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), token);
            return true;
        }));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new InvalidOperationException($"Cannot reach the LSE service ({Describe(options)}): {e.Message} Start it with ./scripts/service.sh (or dotnet lse-silo.dll).", e);
        }

        return new ServiceConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private static string Describe(LseClusterOptions options) => options.Mode == ClusterMode.Localhost
        ? $"localhost gateway port {options.GatewayPort}"
        : "PostgreSQL clustering";
}
