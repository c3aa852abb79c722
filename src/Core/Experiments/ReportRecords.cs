namespace Orleans.Lse.Core.Experiments;

/// <summary>How a search variant fares against the 2-D grid oracle.</summary>
public sealed record OracleComparison
{
    public required string Variant { get; init; }
    public required string Mode { get; init; }
    public required int Searches { get; init; }
    public required int Solvable { get; init; }
    public required int SolvedOfSolvable { get; init; }
    public required double SolvedRate { get; init; }

    /// <summary>Median over searches solved by both of ||eps|| / oracle's smallest ||eps||.</summary>
    public required double MedianNormRatio { get; init; }
    public required double MedianEpsNorm { get; init; }
    public required double MedianOracleNorm { get; init; }
}

/// <summary>Plain GD with and without the stopping rules on the same searches.</summary>
/// <remarks>
/// Successes counted without the rules are those within twice the data region's radius; <c>FarOutSuccesses</c> are the others.
/// <c>LosslessFloorSteps</c> is what any stopping rule that loses none of those successes must still spend: each runs to its
/// success step, every other search costs at least its first evaluation. <c>ExampleStepsWithout</c> over it is the most
/// such a rule can save.
/// </remarks>
public sealed record StopRuleComparison(int LatentSize, int Searches, double SecondsWithout, double SecondsWith, long ExampleStepsWithout, long ExampleStepsWith, int SuccessesWithout, int SuccessesWith, int SuccessesLost, int FarOutSuccesses, long LosslessFloorSteps)
{
    /// <summary>
    /// The example-steps that a run must spend to keep the successes in <paramref name="kept"/>: a search that succeeds at
    /// step s was evaluated at steps 0..s (s + 1 example-steps); any other could at best stop after its first evaluation.
    /// </summary>
    public static long LosslessFloor(IEnumerable<Search.SearchResult> results, IReadOnlySet<long> kept) =>
        results.Sum(r => r.Success && kept.Contains(r.Id) ? r.Steps + 1L : 1L);
}

/// <summary>A model used by the run, with what identifies it.</summary>
public sealed record ModelRecord(string Role, string Kind, int LatentSize, string WeightsSha256, string Path, IReadOnlyDictionary<string, double> Metrics, double TrainSeconds);

/// <summary>Everything a reproduction run measured, with its configuration.</summary>
public sealed record ReproductionReport
{
    public required ReproductionOptions Options { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetChecksum { get; init; }
    public required string Device { get; init; }
    public required IReadOnlyList<ModelRecord> Models { get; init; }
    public required int TestImages { get; init; }
    public required IReadOnlyDictionary<string, int> Misclassified { get; init; }
    public required IReadOnlyList<ExperimentAggregate> Summaries { get; init; }
    public required IReadOnlyList<OracleComparison> Oracle { get; init; }
    public required IReadOnlyList<StopRuleComparison> StopRules { get; init; }
    public required double TotalSeconds { get; init; }
    public required DateTimeOffset FinishedUtc { get; init; }
}
