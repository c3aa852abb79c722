using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>The formulas of the aggregates (section 3.2), written once for reproductions and campaigns.</summary>
public static class ExperimentAggregates
{
    public static ExperimentAggregate Of(string variant, SearchMode mode, int d, string set, IReadOnlyList<SearchOutcome> results, int maxRestarts = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Where(r => r.Success).ToList();
        var perTarget = mode == SearchMode.Lae
            ? results.GroupBy(r => r.Target).OrderBy(g => g.Key).Select(g => new TargetSummary(
                g.Key, g.Count(), g.Count(r => r.Success), Rate(g.Count(r => r.Success), g.Count()), Mean(g.Where(r => r.Success).Select(r => r.EpsNorm)))).ToList()
            : [];
        var pairs = results.GroupBy(r => (r.TrueLabel, r.Target)).Select(g => Rate(g.Count(r => r.Success), g.Count())).ToList();
        int restarts = Math.Max(maxRestarts, results.Count == 0 ? 0 : results.Max(r => r.Restarts));
        return new ExperimentAggregate
        {
            Variant = variant,
            Mode = mode.ToString().ToUpperInvariant(),
            LatentSize = d,
            Set = set,
            Searches = results.Count,
            Successes = ok.Count,
            SuccessRate = Rate(ok.Count, results.Count),
            MacroSuccessRate = Mean(pairs),
            MeanEpsNorm = Mean(ok.Select(r => r.EpsNorm)),
            MedianEpsNorm = Median(ok.Select(r => r.EpsNorm)),
            MeanSteps = Mean(ok.Select(r => (double)r.Steps)),
            SuccessAtRestarts = [.. Enumerable.Range(0, restarts + 1).Select(k => Rate(ok.Count(r => r.Restarts <= k), results.Count))],
            PerTarget = perTarget,
            StopReasons = results.Where(r => r.StopReason is not null).GroupBy(r => r.StopReason!.Value.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    public static ExperimentAggregate Of(string variant, SearchMode mode, int d, string set, IReadOnlyList<SearchResult> results, int maxRestarts = 0) =>
        Of(variant, mode, d, set, [.. results.Select(SearchOutcome.From)], maxRestarts);

    public static OracleComparison AgainstOracle(string variant, SearchMode mode, IReadOnlyList<SearchResult> results, IReadOnlyDictionary<long, OracleResult> oracle)
    {
        var checkedResults = results.Where(r => oracle.ContainsKey(r.Id)).ToList();
        var solvable = checkedResults.Where(r => oracle[r.Id].Solvable).ToList();
        var solved = solvable.Where(r => r.Success).ToList();
        return new OracleComparison
        {
            Variant = variant,
            Mode = mode.ToString().ToUpperInvariant(),
            Searches = checkedResults.Count,
            Solvable = solvable.Count,
            SolvedOfSolvable = solved.Count,
            SolvedRate = Rate(solved.Count, solvable.Count),
            MedianNormRatio = Median(solved.Select(r => r.EpsNorm / (double)Math.Max(oracle[r.Id].MinEpsNorm, 1e-6f))),
            MedianEpsNorm = Median(solved.Select(r => (double)r.EpsNorm)),
            MedianOracleNorm = Median(solved.Select(r => (double)oracle[r.Id].MinEpsNorm)),
        };
    }

    public static double Rate(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;

    public static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? double.NaN : list.Average();
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
