using System.Diagnostics;
using Orleans.Configuration;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Service.Tests.Campaigns;
using Orleans.Lse.Service.Tests.Storage;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// A week of faults in minutes, on the two-silo PostgreSQL cluster: seeded SIGKILLs of either silo at seeded moments,
/// each killed silo started again as systemd would; and the database itself stopped mid-campaign and started again.
/// Each campaign completes by itself, counts each search once, and (after the kills) equals an uninterrupted run.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
[Trait(TestCategory.Name, TestCategory.Postgres)]
public sealed class PostgresChaosTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>"VERSION CLUSTER" of the local server behind LSE_TEST_POSTGRES (scripts/postgres.sh sets it), for pg_ctlcluster.</summary>
    private const string ClusterVariable = "LSE_TEST_POSTGRES_CLUSTER";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-pg-chaos-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private static CampaignSpec Spec => TinyCampaign.Spec with { Name = "pg-chaos", LaeImages = 16, BlockSize = 6, WriteImages = false };

    [SkippableFact]
    public async Task SeededKillsOfEitherSiloLeaveResultsEqualToAnUninterruptedRun()
    {
        await using var cluster = await PostgresCluster.CreateAsync(_data, "chaos", silos: 2);
        SiloProcess[] silos = [cluster.Start(0), cluster.Start(1)];
        try
        {
            await BothActive(cluster, silos);

            // A call caught on the gateway of a killed silo gives up after 5 s rather than Orleans' 30: the kills are
            // timed by what the client sees, and a stuck client would see the campaign only once it had ended.
            await using var client = await ClusterClient.Connect(
                builder => builder.UseLseClusterClient(cluster.Client).Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)),
                () => silos.All(s => s.HasExited));
            var catalog = client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);
            // Submit is idempotent (its key), so a submission that timed out on a cold cluster is asked again.
            var campaign = client.Client.GetGrain<IExperimentGrain>((await ResumeAssertions.AskedAgain("the submission", () => catalog.Submit(Spec, "pg-chaos-interrupted"))).Id);

            // Seeded: when each kill comes, and which silo it hits (each of the two at least once).
            var random = new Random(20261204);
            int[] victims = [.. new[] { 0, 1, random.Next(2) }.OrderBy(_ => random.Next())];
            int threshold = 0;
            FinishedSearch[] beforeLastKill = [];
            DateTimeOffset lastKill = default;
            for (int k = 0; k < 3; k++)
            {
                var planned = await TinyCampaign.WaitFor(campaign, $"kill {k}", "planned", s => s.Total > 0 || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), () => AllExited(silos), _ => true, () => Tails(silos));
                threshold = Math.Min(planned.Total - 1, Math.Max(threshold + 1, planned.Done) + random.Next(1, Math.Max(2, planned.Total / 5)));
                var seen = await TinyCampaign.WaitFor(campaign, $"kill {k}", $"{threshold} searches counted", s => s.Done >= threshold || TinyCampaign.Ended(s), TimeSpan.FromMinutes(4), () => AllExited(silos), _ => true, () => Tails(silos));
                Assert.False(TinyCampaign.Ended(seen), $"kill {k} came after the campaign ended: {TinyCampaign.Describe(seen)}");
                beforeLastKill = await ResumeAssertions.AskedAgain($"the results before kill {k}", campaign.GetResults);
                lastKill = DateTimeOffset.UtcNow;
                int victim = victims[k];
                silos[victim].KillHard();
                silos[victim].Dispose();
                silos[victim] = cluster.Start(victim);
                Log($"kill {k}: silo {"AB"[victim]} at {seen.Done}/{seen.Total} searches ({seen.Activity}); started again");
            }

            var resumed = await TinyCampaign.WaitFor(campaign, "after the last kill", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), () => AllExited(silos), _ => true, () => Tails(silos));
            Log($"campaign {TinyCampaign.Describe(resumed)}");
            Assert.True(resumed.Phase == CampaignPhase.Completed, $"{TinyCampaign.Describe(resumed)}\n{Tails(silos)}");
            var results = await ResumeAssertions.CountedOnceAndNotRerun(client.Client, resumed, beforeLastKill, lastKill);

            var fresh = client.Client.GetGrain<IExperimentGrain>((await ResumeAssertions.AskedAgain("the second submission", () => catalog.Submit(Spec, "pg-chaos-uninterrupted"))).Id);
            var uninterrupted = await TinyCampaign.WaitFor(fresh, "uninterrupted run", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), () => AllExited(silos), _ => true, () => Tails(silos));
            Log($"uninterrupted run {TinyCampaign.Describe(uninterrupted)}");
            await ResumeAssertions.SameAsUninterrupted(client.Client, uninterrupted, resumed, results);
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    [SkippableFact]
    public async Task ACampaignRidesOutAPostgreSqlStopAndStart()
    {
        string server = LocalServer();
        await using var cluster = await PostgresCluster.CreateAsync(_data, "outage", silos: 2);
        SiloProcess[] silos = [cluster.Start(0), cluster.Start(1)];
        bool stopped = false;
        try
        {
            await BothActive(cluster, silos);
            await using var client = await ClusterClient.Connect(cluster.Client, () => silos.All(s => s.HasExited));
            var catalog = client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);
            var submitted = await catalog.Submit(Spec with { Name = "pg-outage" }, "pg-outage");
            var campaign = client.Client.GetGrain<IExperimentGrain>(submitted.Id);
            var midway = await TinyCampaign.WaitFor(campaign, "before the outage", "a quarter done (or ended)", s => (s.Total > 0 && s.Done >= s.Total / 4) || TinyCampaign.Ended(s), TimeSpan.FromMinutes(4), () => AllExited(silos), _ => true, () => Tails(silos));
            Assert.False(TinyCampaign.Ended(midway), $"the outage came too late: {TinyCampaign.Describe(midway)}");
            var before = await campaign.GetResults();
            var stoppedAt = DateTimeOffset.UtcNow;

            PgCtlCluster(server, "stop");
            stopped = true;
            var outage = Stopwatch.StartNew();
            Log($"PostgreSQL stopped at {midway.Done}/{midway.Total} searches");

            // The server stays down until the campaign has run into it: a block or a state write failed on it.
            var noticed = new System.Text.RegularExpressions.Regex($@"Campaign {submitted.Id}: (a step failed|block \S+ failed transiently)");
            await Probe.Until("PostgreSQL stopped", "the silos' logs", "a failed write of the campaign", () => Task.FromResult(silos.Any(s => noticed.IsMatch(s.Output))),
                TimeSpan.FromMinutes(2), () => AllExited(silos), () => Tails(silos));
            PgCtlCluster(server, "start");
            stopped = false;

            // This process's pooled connections died with the server.
            Npgsql.NpgsqlConnection.ClearAllPools();
            Log($"PostgreSQL started again after {outage.Elapsed.TotalSeconds:0.0} s down");

            var done = await TinyCampaign.WaitFor(campaign, "after the outage", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), () => AllExited(silos), _ => true, () => Tails(silos));
            Log($"campaign {TinyCampaign.Describe(done)}");
            Assert.True(done.Phase == CampaignPhase.Completed, $"{TinyCampaign.Describe(done)}\n{Tails(silos)}");
            await ResumeAssertions.CountedOnceAndNotRerun(client.Client, done, before, stoppedAt);
            Assert.All(silos, s => Assert.False(s.HasExited, Tail(s)));
        }
        finally
        {
            if (stopped)
            {
                PgCtlCluster(server, "start");
                Npgsql.NpgsqlConnection.ClearAllPools();
            }

            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
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

    /// <summary>The local server to stop and start; skipped where there is none (a failure under CI, which starts one).</summary>
    private static string LocalServer()
    {
        if (Environment.GetEnvironmentVariable(ClusterVariable) is { Length: > 0 } server && server.Split(' ').Length == 2)
        {
            return server;
        }

        string why = $"{ClusterVariable} is not set: the outage test stops and starts a local server (scripts/postgres.sh sets it, as 'VERSION main')";
        if (TestEnvironment.IsCi && Environment.GetEnvironmentVariable(PostgresTestSchema.SkipVariable) != "1")
        {
            Assert.Fail($"CI runs the PostgreSQL tests, but {why}.");
        }

        throw new SkipException(why + ".");
    }

    private static void PgCtlCluster(string server, string action)
    {
        var parts = server.Split(' ');
        bool root = Environment.UserName == "root";
        var info = new ProcessStartInfo(root ? "pg_ctlcluster" : "sudo") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!root)
        {
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add("pg_ctlcluster");
        }

        foreach (var argument in new[] { parts[0], parts[1], action })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"pg_ctlcluster {server} {action} exited with {process.ExitCode}: {text}");
    }

    private static async Task BothActive(PostgresCluster cluster, SiloProcess[] silos) =>
        await Probe.Until("start", $"the membership table of {cluster.ClusterId}", "two active silos", async () => await cluster.SilosWithStatus(PostgresCluster.ActiveStatus) == 2,
            TimeSpan.FromMinutes(3), abandon: () => silos.Any(s => s.HasExited) ? "a silo exited" : null, context: () => Tails(silos));

    private static string Tail(SiloProcess silo) => silo.Output is { Length: > 6000 } text ? text[^6000..] : silo.Output;

    private static string? AllExited(SiloProcess[] silos) => silos.All(s => s.HasExited) ? "every silo exited" : null;

    private static string Tails(SiloProcess[] silos) => string.Join("\n---\n", silos.Select(Tail));

    private void Log(string message) => output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
