namespace Orleans.Lse.Grains.Campaigns;

/// <summary>Success rates and latent distances per (mode, d), computed from the counted results.</summary>
public static class CampaignAggregates
{
    public static AggregateRow[] Compute(IEnumerable<SliceState> slices) =>
        [.. slices.Select(s => Of(s.Mode, s.LatentSize, [.. s.Results.OfType<SearchSummary>()]))];

    public static AggregateRow Of(CampaignMode mode, int d, IReadOnlyList<SearchSummary> done)
    {
        var successes = done.Where(r => r.Success).Select(r => (double)r.EpsNorm).Order().ToArray();
        var perTarget = mode == CampaignMode.Lae
            ? done.GroupBy(r => r.Target).OrderBy(g => g.Key).Select(g =>
            {
                var ok = g.Where(r => r.Success).ToList();
                return new TargetRow(g.Key, g.Count(), ok.Count, ok.Count > 0 ? ok.Average(r => (double)r.EpsNorm) : double.NaN);
            }).ToArray()
            : [];
        double rate = done.Count > 0 ? successes.Length / (double)done.Count : double.NaN;

        // Section 3.2.2: the per-target rates averaged with each target's share of the searches as weight.
        double weighted = perTarget.Length > 0
            ? perTarget.Sum(t => t.Searches * (t.Successes / (double)t.Searches)) / perTarget.Sum(t => t.Searches)
            : rate;
        return new AggregateRow
        {
            Mode = mode,
            LatentSize = d,
            Searches = done.Count,
            Successes = successes.Length,
            SuccessRate = rate,
            MeanEpsNorm = successes.Length > 0 ? successes.Average() : double.NaN,
            MedianEpsNorm = Median(successes),
            MeanSteps = done.Count > 0 ? done.Average(r => (double)r.Steps) : double.NaN,
            WeightedSuccessRate = weighted,
            PerTarget = perTarget,
        };
    }

    private static double Median(double[] sorted) => sorted.Length == 0
        ? double.NaN
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
