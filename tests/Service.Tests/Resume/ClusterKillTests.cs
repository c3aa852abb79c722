using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Searches;
using Orleans.Lse.Service.Tests.Campaigns;
using Orleans.Lse.Service.Tests.Storage;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// The durability guarantee across machines, with real processes and PostgreSQL (<c>LSE_TEST_POSTGRES</c>;
/// <c>LSE_SKIP_POSTGRES=1</c> skips): two silos clustered through one database and sharing one data directory; SIGKILL
/// the silo that hosts the campaign mid-way, and the survivor completes it with no user action; each search is counted
/// once and the aggregates equal those of an uninterrupted run of the same spec.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed partial class ClusterKillTests(ITestOutputHelper output) : IDisposable
{
    // Orleans' SiloStatus values as the membership table stores them.
    private const int ActiveStatus = 3;
    private const int DeadStatus = 6;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-cluster-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private (string Certificate, string Key) _siloCertificate;

    private static CampaignSpec Spec => TinyCampaign.Spec with { Name = "cluster-kill", LaeImages = 16, BlockSize = 6 };

    [SkippableFact]
    public async Task KilledSiloLeavesTheCampaignToTheSurvivorWithEqualAggregates()
    {
        await using var schema = await PostgresTestSchema.CreateAsync();

        // The silos and the client talk over mutual TLS, with a CA and certificates made for this test.
        var (ca, certificates) = TestCertificates.Create(Path.Combine(_data, "certs"), "cluster", "silo", "client");
        var cluster = new LseClusterOptions
        {
            Mode = ClusterMode.PostgreSql,
            PostgresConnectionString = schema.ConnectionString,
            ClusterId = "lse-kill-" + schema.Schema,
            DataDirectory = _data,
            TlsCertificate = certificates["client"].Certificate,
            TlsKey = certificates["client"].Key,
            TlsCa = ca,
        };
        _siloCertificate = certificates["silo"];
        using var a = SiloProcess.Start(Settings(cluster));
        using var b = SiloProcess.Start(Settings(cluster));
        SiloProcess[] silos = [a, b];

        // Both silos active before anything is placed, so that the campaign's grains spread over the two. The silos
        // create the tables themselves, both at once.
        await Probe.Until("start", $"the membership table of {cluster.ClusterId}", "two active silos", async () => await SilosWithStatus(schema, cluster.ClusterId, ActiveStatus) == 2,
            TimeSpan.FromMinutes(1), abandon: () => AnyExited(silos), context: () => Tails(silos));
        Log("both silos active");
        await using var client = await ClusterClient.Connect(cluster, () => a.HasExited || b.HasExited);
        var submitted = await client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(Spec, "cluster-kill-interrupted");
        string id = submitted.Id;
        var campaign = client.Client.GetGrain<IExperimentGrain>(id);

        // The silo that hosts the experiment grain logs the submission; that is the one to kill.
        var victim = await SiloProcess.FirstToWrite(silos, $"Campaign {id} ({Spec.Name}) submitted", TimeSpan.FromSeconds(30));
        var survivor = victim == a ? b : a;
        Log($"campaign {id} submitted; its experiment grain is on silo {(victim == a ? "A" : "B")}");

        // A quarter done: blocks have run on both silos and some are in flight.
        var midway = await TinyCampaign.WaitFor(campaign, "before the kill", "a quarter done (or ended)", s => (s.Total > 0 && s.Done >= s.Total / 4) || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3),
            () => AllExited(silos), _ => true, () => Tails(silos));
        var beforeKill = await campaign.GetResults();
        var killedAt = DateTimeOffset.UtcNow;
        victim.KillHard();
        Assert.True(midway.Phase == CampaignPhase.Running && midway.Done < midway.Total, $"the kill came too late: {midway.Phase} {midway.Done}/{midway.Total}");
        Log($"killed the experiment's silo at {midway.Done}/{midway.Total} searches ({beforeKill.Length} results counted; blocks done there: {BlocksDone(victim)}, on the survivor: {BlocksDone(survivor)})");

        // Nobody calls the campaign now: the survivor must revive it by itself (the keep-alive reminder, whose range
        // moves to the survivor once the dead silo is declared dead), which shows as the stored state moving on from
        // where it stood at the declaration (by then no write of the killed silo can still be arriving).
        var revival = Stopwatch.StartNew();
        await Probe.Until("after the kill", $"the membership table of {cluster.ClusterId}", "one dead silo", async () => await SilosWithStatus(schema, cluster.ClusterId, DeadStatus) == 1,
            TimeSpan.FromSeconds(90), abandon: () => survivor.HasExited ? "the survivor exited" : null, context: () => Tail(survivor));
        long versionAtDeath = await ExperimentVersion(schema, id);
        Log($"the survivor declared the killed silo dead {revival.Elapsed.TotalSeconds:0} s after the kill (stored state at version {versionAtDeath})");
        await Probe.Until("after the dead silo was declared, with no client call", $"the stored state of campaign {id}", $"written past version {versionAtDeath} by the survivor alone",
            () => ExperimentVersion(schema, id), v => v > versionAtDeath, TimeSpan.FromSeconds(90), v => $"version {v}",
            () => survivor.HasExited ? "the survivor exited" : null, context: () => Tail(survivor));
        Log($"the survivor revived the campaign by itself {revival.Elapsed.TotalSeconds:0} s after the kill");

        var resumed = await TinyCampaign.WaitFor(campaign, "after the revival", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(6), () => AllExited([survivor]), _ => true, () => Tail(survivor));
        Log($"campaign {resumed.Phase} (blocks done on the survivor: {BlocksDone(survivor)})");
        Assert.True(resumed.Phase == CampaignPhase.Completed, $"{resumed.Phase}: {resumed.Error}\n{Tail(survivor)}");
        Assert.False(survivor.HasExited, Tail(survivor));

        var results = await ResumeAssertions.CountedOnceAndNotRerun(client.Client, resumed, beforeKill, killedAt);

        // An uninterrupted run of the same spec (on the survivor alone) gives the same aggregates and the same searches.
        var fresh = await client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(Spec, "cluster-kill-uninterrupted");
        var uninterrupted = await TinyCampaign.WaitFor(client.Client.GetGrain<IExperimentGrain>(fresh.Id), "uninterrupted run", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(6), () => AllExited([survivor]), _ => true, () => Tail(survivor));
        Log($"uninterrupted run {uninterrupted.Phase}");
        await ResumeAssertions.SameAsUninterrupted(client.Client, uninterrupted, resumed, results);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    /// <summary>The stored experiment state's version: it moves whenever the campaign counts results.</summary>
    private static async Task<long> ExperimentVersion(PostgresTestSchema schema, string id) =>
        long.Parse((await schema.QueryAsync($"SELECT coalesce(max(Version), 0) FROM OrleansStorage WHERE GrainIdExtensionString = '{id}'"))[0], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<int> SilosWithStatus(PostgresTestSchema schema, string clusterId, int status)
    {
        try
        {
            return int.Parse((await schema.QueryAsync($"SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = '{clusterId}' AND Status = {status}"))[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the silos have not created the tables yet
        }
    }

    private static int BlocksDone(SiloProcess silo) => BlockDoneLine().Count(silo.Output);

    private static string Tail(SiloProcess silo) => silo.Output is { Length: > 6000 } text ? text[^6000..] : silo.Output;

    private static string? AnyExited(SiloProcess[] silos) => silos.Any(s => s.HasExited) ? "a silo exited" : null;

    private static string? AllExited(SiloProcess[] silos) => silos.All(s => s.HasExited) ? "every silo exited" : null;

    private static string Tails(SiloProcess[] silos) => string.Join("\n---\n", silos.Select(Tail));

    [GeneratedRegex(@"Block \S+: \d+ searches")]
    private static partial Regex BlockDoneLine();

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

    private string[] Settings(LseClusterOptions cluster) =>
    [
        $"--Lse:Cluster:TlsCertificate={_siloCertificate.Certificate}",
        $"--Lse:Cluster:TlsKey={_siloCertificate.Key}",
        $"--Lse:Cluster:TlsCa={cluster.TlsCa}",
        $"--Lse:Cluster:Mode={cluster.Mode}",
        $"--Lse:Cluster:PostgresConnectionString={cluster.PostgresConnectionString}",
        $"--Lse:Cluster:ClusterId={cluster.ClusterId}",
        // One machine: the same disk, so the two silos share checkpoints and images as a network share would.
        $"--Lse:Cluster:DataDirectory={cluster.DataDirectory}",
        $"--Lse:Cluster:DatasetDirectory={Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")}",
        $"--Lse:Cluster:SiloPort={LocalPorts.Free()}",
        $"--Lse:Cluster:GatewayPort={LocalPorts.Free()}",
        "--Lse:Compute:Device=cpu",
        // Two silos on the test machine's cores: one torch thread each rather than both taking all of them.
        "--Lse:Compute:Threads=1",
        "--Lse:Campaigns:PollInterval=00:00:00.050",
        "--Lse:Campaigns:MaxBlocksInFlight=2",
        // Each block in the log, to tell where blocks ran.
        "--Logging:LogLevel:Orleans.Lse.Grains.Searches=Debug",
    ];
}
