using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>What a campaign's page draws, computed from its finished searches (pure, so it is tested without a browser).</summary>
public static class CampaignFigures
{
    /// <summary>Number of classes the results speak of (at least 2).</summary>
    public static int ClassCount(IReadOnlyList<FinishedSearch> results) =>
        Math.Max(2, results.Count == 0 ? 10 : results.Max(r => Math.Max(r.TrueLabel, r.Target)) + 1);

    /// <summary>LAE searches of latent size <paramref name="latentSize"/> per (source class, target class): searches and successes.</summary>
    public static PairCell[,] TargetTable(IReadOnlyList<FinishedSearch> results, int latentSize, int classes)
    {
        var cells = new PairCell[classes, classes];
        foreach (var r in results)
        {
            if (r.Mode == CampaignMode.Lae && r.LatentSize == latentSize && r.TrueLabel >= 0 && r.Target >= 0 && r.TrueLabel < classes && r.Target < classes)
            {
                var cell = cells[r.TrueLabel, r.Target];
                cells[r.TrueLabel, r.Target] = new PairCell(cell.Searches + 1, cell.Successes + (r.Success ? 1 : 0));
            }
        }

        return cells;
    }

    /// <summary>A histogram of ||eps|| over the successful searches of one (mode, d): <paramref name="bins"/> equal bins from 0 to the largest.</summary>
    public static Histogram EpsHistogram(IReadOnlyList<FinishedSearch> results, CampaignMode mode, int latentSize, int bins = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var values = results.Where(r => r.Mode == mode && r.LatentSize == latentSize && r.Success && float.IsFinite(r.EpsNorm)).Select(r => (double)r.EpsNorm).ToArray();
        double max = values.Length == 0 ? 1 : Math.Max(values.Max(), 1e-6);
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Min(bins - 1, (int)(v / max * bins))]++;
        }

        return new Histogram(0, max, counts);
    }

    /// <summary>
    /// Success within k restarts, k = 0 .. the most any search used: the share of one (mode, d)'s searches that succeeded
    /// having used at most k restarts (the improved search's success@k).
    /// </summary>
    public static double[] SuccessAtRestarts(IReadOnlyList<FinishedSearch> results, CampaignMode mode, int latentSize)
    {
        var slice = results.Where(r => r.Mode == mode && r.LatentSize == latentSize).ToArray();
        if (slice.Length == 0)
        {
            return [];
        }

        int most = slice.Max(r => r.Restarts);
        var curve = new double[most + 1];
        for (int k = 0; k <= most; k++)
        {
            curve[k] = slice.Count(r => r.Success && r.Restarts <= k) / (double)slice.Length;
        }

        return curve;
    }

    /// <summary>One value per (mode, d) aggregate as a series per mode over the latent sizes, for the LSE-against-LAE charts.</summary>
    public static ChartSeries[] ByLatentSize(IReadOnlyList<AggregateRow> aggregates, Func<AggregateRow, double> value) =>
        [.. aggregates.GroupBy(a => a.Mode).OrderBy(g => g.Key)
            .Select(g => new ChartSeries(g.Key.ToString().ToUpperInvariant(), [.. g.OrderBy(a => a.LatentSize).Select(a => new ChartPoint(a.LatentSize, value(a)))]))];
}

/// <summary>Searches and successes of one (source, target) pair.</summary>
public readonly record struct PairCell(int Searches, int Successes)
{
    public double Rate => Searches == 0 ? double.NaN : Successes / (double)Searches;
}

/// <summary>Equal-width bins over [<see cref="Min"/>, <see cref="Max"/>].</summary>
public sealed record Histogram(double Min, double Max, int[] Counts)
{
    public double BinWidth => (Max - Min) / Counts.Length;
}

/// <summary>A named line of (x, y) points.</summary>
public sealed record ChartSeries(string Name, ChartPoint[] Points);

/// <summary>One point of a <see cref="ChartSeries"/>.</summary>
public readonly record struct ChartPoint(double X, double Y);
