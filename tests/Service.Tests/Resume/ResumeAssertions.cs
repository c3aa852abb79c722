using Orleans.Runtime;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>What every kill-and-resume test checks once the interrupted campaign has completed.</summary>
internal static class ResumeAssertions
{
    /// <summary>Each search counted once; those counted before the kill were not stored again (not rerun).</summary>
    public static async Task<FinishedSearch[]> CountedOnceAndNotRerun(IClusterClient client, CampaignStatus resumed, FinishedSearch[] beforeKill, DateTimeOffset killedAt)
    {
        var results = await AskedAgain($"the results of {resumed.Id}", client.GetGrain<IExperimentGrain>(resumed.Id).GetResults);
        Assert.Equal(resumed.Total, results.Length);
        Assert.Equal(results.Length, results.Select(r => (r.Mode, r.LatentSize, r.Ordinal)).Distinct().Count());
        foreach (var done in beforeKill)
        {
            var search = client.GetGrain<ISearchGrain>(new SearchKey(resumed.Id, done.Mode, done.LatentSize, done.Image, done.Target).ToString());
            var record = await AskedAgain($"search {search.GetPrimaryKeyString()}", search.Get);
            Assert.NotNull(record);
            Assert.True(record.CompletedUtc <= killedAt, $"search {record.Key} was stored again after the kill");
        }

        return results;
    }

    /// <summary>
    /// A lookup passes through the search's grain, the campaign's and the blocks', any of which may be activating again
    /// on a restarted silo (or still addressed at the killed one) while the chaos tests' clients time out after 5 s; the
    /// checks are about what was stored, so a call that timed out or found its silo gone is asked again (three tries).
    /// </summary>
    public static async Task<T> AskedAgain<T>(string what, Func<Task<T>> call)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (attempt < 3 && e is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                Console.WriteLine($"[resume] asking for {what} failed (try {attempt}: {e.GetType().Name}: {e.Message}); asking again");
            }
        }
    }

    /// <summary>The uninterrupted run has the same aggregates and the same searches as the resumed one.</summary>
    public static async Task SameAsUninterrupted(IClusterClient client, CampaignStatus uninterrupted, CampaignStatus resumed, FinishedSearch[] resumedResults)
    {
        Assert.Equal(CampaignPhase.Completed, uninterrupted.Phase);
        Assert.Equal(Describe(uninterrupted.Aggregates), Describe(resumed.Aggregates));
        var again = await AskedAgain($"the results of {uninterrupted.Id}", client.GetGrain<IExperimentGrain>(uninterrupted.Id).GetResults);
        Assert.Equal(
            again.Select(r => (r.Mode, r.LatentSize, r.Ordinal, r.Success, r.Steps, r.EpsNorm)),
            resumedResults.Select(r => (r.Mode, r.LatentSize, r.Ordinal, r.Success, r.Steps, r.EpsNorm)));
    }

    private static string Describe(AggregateRow[] rows) => string.Join("\n", rows.Select(a =>
        $"{a.Mode} d={a.LatentSize} n={a.Searches} ok={a.Successes} mean={a.MeanEpsNorm:R} median={a.MedianEpsNorm:R} steps={a.MeanSteps:R} macro={a.MacroSuccessRate:R} targets={string.Join(",", a.PerTarget.Select(t => $"{t.Target}:{t.Successes}/{t.Searches}"))}"));
}
