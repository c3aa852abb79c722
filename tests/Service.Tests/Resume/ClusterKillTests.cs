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
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-cluster-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private static CampaignSpec Spec => TinyCampaign.Spec with { Name = "cluster-kill", LaeImages = 16, BlockSize = 6 };

    [SkippableFact]
    public async Task KilledSiloLeavesTheCampaignToTheSurvivorWithEqualAggregates()
    {
        // The silos and the client talk over mutual TLS, with a CA and certificates made for this test.
        await using var cluster = await PostgresCluster.CreateAsync(_data, "kill", silos: 2);
        using var a = cluster.Start(0);
        using var b = cluster.Start(1);
        SiloProcess[] silos = [a, b];

        // Both silos active before anything is placed, so that the campaign's grains spread over the two. The silos
        // create the tables themselves, both at once.
        await Probe.Until("start", $"the membership table of {cluster.ClusterId}", "two active silos", async () => await cluster.SilosWithStatus(PostgresCluster.ActiveStatus) == 2,
            TimeSpan.FromMinutes(3), abandon: () => AnyExited(silos), context: () => Tails(silos));
        Log("both silos active");
        await using var client = await ClusterClient.Connect(cluster.Client, () => a.HasExited || b.HasExited);
        var submitted = await client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(Spec, "cluster-kill-interrupted");
        string id = submitted.Id;
        var campaign = client.Client.GetGrain<IExperimentGrain>(id);

        // The silo that hosts the experiment grain logs the submission; that is the one to kill.
        var victim = await SiloProcess.FirstToWrite(silos, $"Campaign {id} ({Spec.Name}) submitted", TimeSpan.FromMinutes(2));
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
        await Probe.Until("after the kill", $"the membership table of {cluster.ClusterId}", "one dead silo", async () => await cluster.SilosWithStatus(PostgresCluster.DeadStatus) == 1,
            TimeSpan.FromSeconds(90), abandon: () => survivor.HasExited ? "the survivor exited" : null, context: () => Tail(survivor));
        long versionAtDeath = await cluster.ExperimentVersion(id);
        Log($"the survivor declared the killed silo dead {revival.Elapsed.TotalSeconds:0} s after the kill (stored state at version {versionAtDeath})");
        await Probe.Until("after the dead silo was declared, with no client call", $"the stored state of campaign {id}", $"written past version {versionAtDeath} by the survivor alone",
            () => cluster.ExperimentVersion(id), v => v > versionAtDeath, TimeSpan.FromSeconds(90), v => $"version {v}",
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

    private static int BlocksDone(SiloProcess silo) => BlockDoneLine().Count(silo.Output);

    private static string Tail(SiloProcess silo) => silo.Output is { Length: > 6000 } text ? text[^6000..] : silo.Output;

    private static string? AnyExited(SiloProcess[] silos) => silos.Any(s => s.HasExited) ? "a silo exited" : null;

    private static string? AllExited(SiloProcess[] silos) => silos.All(s => s.HasExited) ? "every silo exited" : null;

    private static string Tails(SiloProcess[] silos) => string.Join("\n---\n", silos.Select(Tail));

    [GeneratedRegex(@"Block \S+: \d+ searches")]
    private static partial Regex BlockDoneLine();

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
