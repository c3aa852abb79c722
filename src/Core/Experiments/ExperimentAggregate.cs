using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>Success of LAE searches towards one target class.</summary>
public sealed record TargetSummary(int Target, int Searches, int Successes, double SuccessRate, double MeanEpsNorm);

/// <summary>
/// Aggregates of one (variant, mode, d, image set) group of searches, computed by <c>ExperimentAggregates.Of</c>
/// for <c>lse reproduce</c> and for campaigns alike. ||eps|| and step statistics are over the successful searches.
/// </summary>
public sealed record ExperimentAggregate
{
    public required string Variant { get; init; }

    /// <summary>"LSE" or "LAE".</summary>
    public required string Mode { get; init; }
    public required int LatentSize { get; init; }

    /// <summary>"all" (every selected image) or "paper87" (the first 87 misclassified, the paper's count).</summary>
    public required string Set { get; init; }
    public required int Searches { get; init; }
    public required int Successes { get; init; }

    /// <summary>
    /// Successes over searches. For LAE this is the paper's figure (section 3.2.2): the per-target rates averaged with
    /// each target's share of the searches as weight, which is algebraically the same number.
    /// </summary>
    public required double SuccessRate { get; init; }

    /// <summary>
    /// The unweighted mean over (true class, target) pairs of each pair's success rate (for LSE the pairs are the true
    /// classes). It differs from <see cref="SuccessRate"/> when some pairs have more searches than others.
    /// </summary>
    public required double MacroSuccessRate { get; init; }

    /// <summary>Mean ||eps|| over successful searches (the paper's "mean distance").</summary>
    public required double MeanEpsNorm { get; init; }
    public required double MedianEpsNorm { get; init; }

    /// <summary>Mean over successful searches of the step of the first success (failures never reach one).</summary>
    public required double MeanSteps { get; init; }

    /// <summary>success@k restarts: element k is the success rate using at most k restarts.</summary>
    public required IReadOnlyList<double> SuccessAtRestarts { get; init; }
    public IReadOnlyList<TargetSummary> PerTarget { get; init; } = [];

    /// <summary>Searches per stop reason, where the source keeps it.</summary>
    public IReadOnlyDictionary<string, int> StopReasons { get; init; } = new Dictionary<string, int>();

    /// <summary>Busy seconds of the searches (NaN where not measured).</summary>
    public double Seconds { get; init; } = double.NaN;
    public long ExampleSteps { get; init; }

    /// <summary>The options the searches ran with, after per-experiment settings such as the batch-mean N.</summary>
    public SearchOptions? Options { get; init; }
}
