using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>Aggregates search results as the paper reports them (section 3.2).</summary>
public static class Summaries
{
    public static SearchSummary Of(string variant, SearchMode mode, int d, string set, IReadOnlyList<SearchResult> results, double seconds, long exampleSteps, int maxRestarts)
    {
        var ok = results.Where(r => r.Success).ToList();
        var perTarget = mode == SearchMode.Lae
            ? results.GroupBy(r => r.Target).OrderBy(g => g.Key).Select(g => new TargetSummary(
                g.Key, g.Count(), g.Count(r => r.Success), Rate(g.Count(r => r.Success), g.Count()), Mean(g.Where(r => r.Success).Select(r => (double)r.EpsNorm)))).ToList()
            : [];
        return new SearchSummary
        {
            Variant = variant,
            Mode = mode.ToString().ToUpperInvariant(),
            LatentSize = d,
            Set = set,
            Searches = results.Count,
            Successes = ok.Count,
            // For LAE, successes over all searches is exactly the paper's average weighted by each target's image count.
            SuccessRate = Rate(ok.Count, results.Count),
            MeanEpsNorm = Mean(ok.Select(r => (double)r.EpsNorm)),
            MedianEpsNorm = Median(ok.Select(r => (double)r.EpsNorm)),
            MeanSteps = Mean(ok.Select(r => (double)r.Steps)),
            SuccessAtRestarts = Enumerable.Range(0, maxRestarts + 1).Select(k => Rate(ok.Count(r => r.Restarts <= k), results.Count)).ToList(),
            PerTarget = perTarget,
            StopReasons = results.GroupBy(r => r.StopReason.ToString()).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            Seconds = seconds,
            ExampleSteps = exampleSteps,
        };
    }

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
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
