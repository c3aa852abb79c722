using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>What every kill-and-resume test checks once the interrupted campaign has completed.</summary>
internal static class ResumeAssertions
{
    /// <summary>Each search counted once; those counted before the kill were not stored again (not rerun).</summary>
    public static async Task<FinishedSearch[]> CountedOnceAndNotRerun(IClusterClient client, CampaignStatus resumed, FinishedSearch[] beforeKill, DateTimeOffset killedAt)
    {
        var results = await client.GetGrain<IExperimentGrain>(resumed.Id).GetResults();
        Assert.Equal(resumed.Total, results.Length);
        Assert.Equal(results.Length, results.Select(r => (r.Mode, r.LatentSize, r.Ordinal)).Distinct().Count());
        foreach (var done in beforeKill)
        {
            var record = await client.GetGrain<ISearchGrain>(new SearchKey(resumed.Id, done.Mode, done.LatentSize, done.Image, done.Target).ToString()).Get();
            Assert.NotNull(record);
            Assert.True(record.CompletedUtc <= killedAt, $"search {record.Key} was stored again after the kill");
        }

        return results;
    }

    /// <summary>The uninterrupted run has the same aggregates and the same searches as the resumed one.</summary>
    public static async Task SameAsUninterrupted(IClusterClient client, CampaignStatus uninterrupted, CampaignStatus resumed, FinishedSearch[] resumedResults)
    {
        Assert.Equal(CampaignPhase.Completed, uninterrupted.Phase);
        Assert.Equal(Describe(uninterrupted.Aggregates), Describe(resumed.Aggregates));
        var again = await client.GetGrain<IExperimentGrain>(uninterrupted.Id).GetResults();
        Assert.Equal(
            again.Select(r => (r.Mode, r.LatentSize, r.Ordinal, r.Success, r.Steps, r.EpsNorm)),
            resumedResults.Select(r => (r.Mode, r.LatentSize, r.Ordinal, r.Success, r.Steps, r.EpsNorm)));
    }

    private static string Describe(AggregateRow[] rows) => string.Join("\n", rows.Select(a =>
        $"{a.Mode} d={a.LatentSize} n={a.Searches} ok={a.Successes} mean={a.MeanEpsNorm:R} median={a.MedianEpsNorm:R} steps={a.MeanSteps:R} macro={a.MacroSuccessRate:R} targets={string.Join(",", a.PerTarget.Select(t => $"{t.Target}:{t.Successes}/{t.Searches}"))}"));
}
