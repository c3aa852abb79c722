using System.Globalization;
using Npgsql;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Service.Tests.Storage;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// Silo processes clustered through a fresh PostgreSQL schema (<see cref="PostgresTestSchema"/>), over mutual TLS with a
/// CA made for the test, sharing one data directory as a network share would. Each silo keeps its ports, so a killed
/// silo restarted with <see cref="Start"/> comes back where it was, as systemd would restart it.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    // Orleans' SiloStatus values as the membership table stores them.
    public const int ActiveStatus = 3;
    public const int DeadStatus = 6;

    private readonly (string Certificate, string Key) _siloCertificate;
    private readonly (int Silo, int Gateway)[] _ports;

    private PostgresCluster(PostgresTestSchema schema, LseClusterOptions client, (string, string) siloCertificate, int silos)
    {
        Schema = schema;
        Client = client;
        _siloCertificate = siloCertificate;
        _ports = [.. Enumerable.Range(0, silos).Select(_ => (LocalPorts.Free(), LocalPorts.Free()))];
    }

    public PostgresTestSchema Schema { get; }

    /// <summary>The options a client of this cluster connects with (its own certificate).</summary>
    public LseClusterOptions Client { get; }

    public string ClusterId => Client.ClusterId;

    public static async Task<PostgresCluster> CreateAsync(string dataDirectory, string name, int silos)
    {
        var schema = await PostgresTestSchema.CreateAsync();
        var (ca, certificates) = TestCertificates.Create(Path.Combine(dataDirectory, "certs"), name, "silo", "client");
        var client = new LseClusterOptions
        {
            Mode = ClusterMode.PostgreSql,
            PostgresConnectionString = schema.ConnectionString,
            ClusterId = $"lse-{name}-{schema.Schema}",
            DataDirectory = dataDirectory,
            TlsCertificate = certificates["client"].Certificate,
            TlsKey = certificates["client"].Key,
            TlsCa = ca,
        };
        return new PostgresCluster(schema, client, certificates["silo"], silos);
    }

    /// <summary>Starts silo <paramref name="index"/> on its own ports, with <paramref name="extra"/> settings after the defaults.</summary>
    public SiloProcess Start(int index, params string[] extra) => SiloProcess.Start(
    [
        $"--Lse:Cluster:TlsCertificate={_siloCertificate.Certificate}",
        $"--Lse:Cluster:TlsKey={_siloCertificate.Key}",
        $"--Lse:Cluster:TlsCa={Client.TlsCa}",
        $"--Lse:Cluster:Mode={Client.Mode}",
        $"--Lse:Cluster:PostgresConnectionString={Client.PostgresConnectionString}",
        $"--Lse:Cluster:ClusterId={Client.ClusterId}",
        $"--Lse:Cluster:DataDirectory={Client.DataDirectory}",
        $"--Lse:Cluster:DatasetDirectory={Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")}",
        $"--Lse:Cluster:SiloPort={_ports[index].Silo}",
        $"--Lse:Cluster:GatewayPort={_ports[index].Gateway}",
        "--Lse:Compute:Device=cpu",
        // Silos on the test machine's cores: one torch thread each rather than all taking all of them.
        "--Lse:Compute:Threads=1",
        "--Lse:Campaigns:PollInterval=00:00:00.050",
        // The HTTP surface on a port of the system's choosing: several silos run on the test machine.
        "--Lse:Dashboard:Urls=http://127.0.0.1:0",
        "--Lse:Campaigns:MaxBlocksInFlight=2",
        // Each block in the log, to tell where blocks ran.
        "--Logging:LogLevel:Orleans.Lse.Grains.Searches=Debug",
        .. extra,
    ]);

    public async Task<int> SilosWithStatus(int status)
    {
        try
        {
            return int.Parse((await Schema.QueryAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{ClusterId}' AND Status = {status}"))[0], CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the silos have not created the tables yet
        }
    }

    /// <summary>The stored experiment state's version: it moves whenever the campaign counts results.</summary>
    public async Task<long> ExperimentVersion(string id) =>
        long.Parse((await Schema.QueryAsync($"SELECT coalesce(max(Version), 0) FROM OrleansStorage WHERE GrainIdExtensionString = '{id}'"))[0], CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => Schema.DisposeAsync();
}
