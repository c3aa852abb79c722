using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// What a campaign persists of one (mode, d) slice as it runs, in bounded size whatever the slice's size: which blocks
/// are counted (a bit each) and mergeable sums of their results, from which the running aggregates follow. The median
/// comes from a log-spaced histogram (100 bins a decade: within 1.2 %); a completed campaign's aggregates are computed
/// exactly from the stored blocks instead. Field ids are stable.
/// </summary>
[GenerateSerializer, Alias("lse.SliceProgress")]
public sealed class SliceProgress
{
    private const int BinsPerDecade = 100;
    private const int LowestDecade = -4;
    private const int Bins = 8 * BinsPerDecade;

    /// <summary>Bit b set: block b is counted.</summary>
    [Id(0)] public long[] DoneBlocks { get; set; } = [];
    [Id(1)] public int Done { get; set; }
    [Id(2)] public int Successes { get; set; }

    /// <summary>Sums over the successes: ||eps|| and steps.</summary>
    [Id(3)] public double EpsSum { get; set; }
    [Id(4)] public double StepsSum { get; set; }

    /// <summary>(true class * 65536 + target) -> [searches, successes].</summary>
    [Id(5)] public Dictionary<int, int[]> Pairs { get; set; } = [];

    /// <summary>Target -> sum of ||eps|| over its successes.</summary>
    [Id(6)] public Dictionary<int, double> TargetEpsSums { get; set; } = [];

    /// <summary>Successes per log-spaced ||eps|| bin.</summary>
    [Id(7)] public int[] EpsHistogram { get; set; } = new int[Bins];
    [Id(8)] public double SecondsRunning { get; set; }

    public bool IsBlockDone(int block) => block / 64 < DoneBlocks.Length && (DoneBlocks[block / 64] & (1L << (block % 64))) != 0;

    /// <summary>Counts block <paramref name="block"/>'s results unless it is counted already; returns whether it counted them.</summary>
    public bool CountBlock(int block, IReadOnlyList<FinishedSearch> results)
    {
        if (IsBlockDone(block))
        {
            return false;
        }

        if (block / 64 >= DoneBlocks.Length)
        {
            var grown = DoneBlocks;
            Array.Resize(ref grown, (block / 64) + 1);
            DoneBlocks = grown;
        }

        DoneBlocks[block / 64] |= 1L << (block % 64);
        foreach (var r in results)
        {
            Done++;
            int pair = (r.TrueLabel * 65536) + r.Target;
            var counts = Pairs.TryGetValue(pair, out var c) ? c : Pairs[pair] = new int[2];
            counts[0]++;
            if (r.Success)
            {
                Successes++;
                counts[1]++;
                EpsSum += r.EpsNorm;
                StepsSum += r.Steps;
                TargetEpsSums[r.Target] = TargetEpsSums.GetValueOrDefault(r.Target) + r.EpsNorm;
                EpsHistogram[Bin(r.EpsNorm)]++;
            }
        }

        return true;
    }

    /// <summary>The running aggregates, by the core's formulas; the median from the histogram.</summary>
    public AggregateRow Aggregate(CampaignMode mode, int d) => new()
    {
        Mode = mode,
        LatentSize = d,
        Searches = Done,
        Successes = Successes,
        SuccessRate = ExperimentAggregates.Rate(Successes, Done),
        MacroSuccessRate = ExperimentAggregates.Mean(Pairs.Values.Select(p => ExperimentAggregates.Rate(p[1], p[0]))),
        MeanEpsNorm = Successes == 0 ? double.NaN : EpsSum / Successes,
        MedianEpsNorm = Median(),
        MeanSteps = Successes == 0 ? double.NaN : StepsSum / Successes,
        PerTarget = mode != CampaignMode.Lae ? [] : [.. Pairs.GroupBy(p => p.Key % 65536).OrderBy(g => g.Key).Select(g =>
        {
            int searches = g.Sum(p => p.Value[0]), successes = g.Sum(p => p.Value[1]);
            return new TargetRow(g.Key, searches, successes, successes == 0 ? double.NaN : TargetEpsSums.GetValueOrDefault(g.Key) / successes);
        })],
    };

    /// <summary>The centre of the bin that holds the middle success (the mean of the two middle ones' for an even count).</summary>
    private double Median() => Successes == 0 ? double.NaN : (AtRank((Successes - 1) / 2) + AtRank(Successes / 2)) / 2;

    private double AtRank(int rank)
    {
        int seen = 0;
        for (int b = 0; b < EpsHistogram.Length; b++)
        {
            seen += EpsHistogram[b];
            if (seen > rank)
            {
                return Math.Pow(10, LowestDecade + ((b + 0.5) / BinsPerDecade));
            }
        }

        return double.NaN;
    }

    private static int Bin(float eps) => eps <= 0 ? 0 : Math.Clamp((int)Math.Floor((Math.Log10(eps) - LowestDecade) * BinsPerDecade), 0, Bins - 1);
}
