using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Service.Tests.Campaigns;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// The durability guarantee with real processes and SQLite: SIGKILL (or SIGTERM) the silo mid-campaign, start it again, and the
/// campaign completes by itself; searches finished before the kill are not run again; each search is counted once; the
/// aggregates equal those of an uninterrupted run of the same spec.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class ResumeAfterKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocalSilo _service = new("resume");

    private static CampaignSpec Spec => TinyCampaign.Spec with { Name = "resume", LaeImages = 10, BlockSize = 6 };

    [Theory]
    [InlineData("SIGKILL")]
    [InlineData("SIGTERM")]
    public async Task AStoppedSiloResumesTheCampaignWithEqualAggregates(string signal)
    {
        string id;
        FinishedSearch[] beforeKill;
        DateTimeOffset killedAt;
        using (var silo = _service.Start(OneBlockAtATime))
        {
            await using var client = await _service.Connect(silo);
            var submitted = await Catalog(client).Submit(Spec, $"resume-interrupted-{signal}");
            id = submitted.Id;
            var campaign = client.Client.GetGrain<IExperimentGrain>(id);
            var midway = await TinyCampaign.WaitFor(campaign, "before the kill", "a search done (or ended)", s => s.Done > 0 || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), Exited(silo), context: () => Tail(silo));
            beforeKill = await campaign.GetResults();
            killedAt = DateTimeOffset.UtcNow;
            if (signal == "SIGKILL")
            {
                silo.KillHard();
            }
            else
            {
                // A graceful stop drains within the shutdown timeout and exits cleanly.
                var (elapsed, exitCode) = silo.Terminate(TimeSpan.FromSeconds(60));
                Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM ({elapsed.TotalSeconds:F1} s):\n{Tail(silo)}");
                Assert.True(elapsed < TimeSpan.FromSeconds(45), $"the drain took {elapsed.TotalSeconds:F1} s");
                output.WriteLine($"SIGTERM to exit: {elapsed.TotalSeconds:F2} s, exit code {exitCode}");
            }

            Assert.True(midway.Phase == CampaignPhase.Running && midway.Done < midway.Total, $"the kill came too late: {midway.Phase} {midway.Done}/{midway.Total}");
        }

        using (var silo = _service.Start(OneBlockAtATime))
        {
            // Nobody touches the campaign until the silo's own start-up recovery has woken it.
            await silo.WaitForOutput("Recovery (silo start): 1 unfinished campaigns woken", TimeSpan.FromMinutes(1));
            await using var client = await _service.Connect(silo);
            var campaign = client.Client.GetGrain<IExperimentGrain>(id);
            var resumed = await TinyCampaign.WaitFor(campaign, "after the restart", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), Exited(silo), context: () => Tail(silo));
            Assert.True(resumed.Phase == CampaignPhase.Completed, $"{resumed.Phase}: {resumed.Error}\n{silo.Output}");
            var results = await ResumeAssertions.CountedOnceAndNotRerun(client.Client, resumed, beforeKill, killedAt);

            // An uninterrupted run of the same spec gives the same aggregates and the same searches.
            var fresh = await Catalog(client).Submit(Spec, $"resume-uninterrupted-{signal}");
            var uninterrupted = await TinyCampaign.WaitFor(client.Client.GetGrain<IExperimentGrain>(fresh.Id), "uninterrupted run", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), Exited(silo), context: () => Tail(silo));
            await ResumeAssertions.SameAsUninterrupted(client.Client, uninterrupted, resumed, results);
        }
    }

    [Fact]
    public async Task SeededKillsThroughoutACampaignLeaveResultsEqualToAnUninterruptedRun()
    {
        // Kill points, each the first moment the campaign is seen there: right after submit (models training), once
        // planned, then at seeded search counts; every kill is SIGKILL, so whatever was in flight or unwritten is lost.
        var random = new Random(20261203);
        string? id = null;
        var kills = new List<string>();
        FinishedSearch[] beforeLastKill = [];
        DateTimeOffset lastKill = default;
        int threshold = 0;
        for (int k = 0; k < 5; k++)
        {
            using var silo = _service.Start(OneBlockAtATime);
            await using var client = await _service.Connect(silo);
            id ??= (await Catalog(client).Submit(Spec, "chaos")).Id;
            var campaign = client.Client.GetGrain<IExperimentGrain>(id);
            CampaignStatus seen;
            if (k == 0)
            {
                seen = await campaign.GetStatus();
            }
            else if (k == 1)
            {
                seen = await TinyCampaign.WaitFor(campaign, $"kill {k}", "planned", s => s.Total > 0 || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), Exited(silo), context: () => Tail(silo));
            }
            else
            {
                var planned = await TinyCampaign.WaitFor(campaign, $"kill {k}", "planned", s => s.Total > 0 || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), Exited(silo), context: () => Tail(silo));
                threshold = Math.Min(planned.Total - 1, Math.Max(threshold + 1, planned.Done) + random.Next(1, Math.Max(2, planned.Total / 6)));
                seen = await TinyCampaign.WaitFor(campaign, $"kill {k}", $"{threshold} searches counted", s => s.Done >= threshold || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), Exited(silo), context: () => Tail(silo));
            }

            beforeLastKill = await campaign.GetResults();
            lastKill = DateTimeOffset.UtcNow;
            silo.KillHard();
            Assert.False(TinyCampaign.Ended(seen), $"kill {k} came after the campaign ended: {TinyCampaign.Describe(seen)}");
            kills.Add($"{seen.Activity} {seen.Done}/{seen.Total}");
        }

        using (var silo = _service.Start(OneBlockAtATime))
        {
            await using var client = await _service.Connect(silo);
            var campaign = client.Client.GetGrain<IExperimentGrain>(id!);
            var resumed = await TinyCampaign.WaitFor(campaign, "after the last kill", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), Exited(silo), context: () => Tail(silo));
            Assert.True(resumed.Phase == CampaignPhase.Completed, $"{resumed.Phase}: {resumed.Error}\n{silo.Output}");
            var results = await ResumeAssertions.CountedOnceAndNotRerun(client.Client, resumed, beforeLastKill, lastKill);
            var fresh = await Catalog(client).Submit(Spec, "chaos-uninterrupted");
            var uninterrupted = await TinyCampaign.WaitFor(client.Client.GetGrain<IExperimentGrain>(fresh.Id), "uninterrupted run", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(8), Exited(silo), context: () => Tail(silo));
            await ResumeAssertions.SameAsUninterrupted(client.Client, uninterrupted, resumed, results);
        }

        output.WriteLine($"{kills.Count} kills at: {string.Join("; ", kills)}");
    }

    public void Dispose() => _service.Dispose();

    private static ICampaignCatalogGrain Catalog(ClusterClient client) => client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    private const string OneBlockAtATime = "--Lse:Campaigns:MaxBlocksInFlight=1";

    private static Func<string?> Exited(SiloProcess silo) => LocalSilo.Exited(silo);

    private static string Tail(SiloProcess silo) => LocalSilo.Tail(silo);
}
