using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// One machine's service as the README runs it: a silo process on localhost clustering and SQLite, in a data directory
/// of its own (deleted on dispose), on the same ports each time it is started again, as systemd would restart it.
/// </summary>
internal sealed class LocalSilo(string name) : IDisposable
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"lse-{name}-" + Guid.NewGuid().ToString("N")[..8]);

    public int SiloPort { get; } = LocalPorts.Free();

    public int GatewayPort { get; } = LocalPorts.Free();

    /// <summary>Starts the silo with <paramref name="extra"/> settings after the defaults (CPU, a 50 ms campaign tick).</summary>
    public SiloProcess Start(params string[] extra) => SiloProcess.Start(
    [
        $"--Lse:Cluster:DataDirectory={DataDirectory}",
        $"--Lse:Cluster:DatasetDirectory={Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")}",
        $"--Lse:Cluster:SiloPort={SiloPort}",
        $"--Lse:Cluster:GatewayPort={GatewayPort}",
        "--Lse:Compute:Device=cpu",
        "--Lse:Campaigns:PollInterval=00:00:00.050",
        // The HTTP surface on a port of the system's choosing: several silos run on the test machine.
        "--Lse:Dashboard:Urls=http://127.0.0.1:0",
        .. extra,
    ]);

    public Task<ClusterClient> Connect(SiloProcess silo) =>
        ClusterClient.Connect(new LseClusterOptions { DataDirectory = DataDirectory, GatewayPort = GatewayPort, SiloPort = SiloPort }, () => silo.HasExited);

    public static Func<string?> Exited(SiloProcess silo) => () => silo.HasExited ? "the silo exited" : null;

    public static string Tail(SiloProcess silo) => silo.Output is { Length: > 20000 } text ? text[^20000..] : silo.Output;

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
