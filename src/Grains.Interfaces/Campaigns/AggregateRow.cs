namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// Aggregates of one (mode, d) slice over its finished searches, as the core's <c>ExperimentAggregates</c> computes them
/// for <c>lse reproduce</c> too: ||eps|| and steps are over the successes; <see cref="SuccessRate"/> is successes over
/// searches (for LAE the paper's target-weighted average); <see cref="MacroSuccessRate"/> is the unweighted mean over
/// (true class, target) pairs. Id 8 (a second copy of the success rate) is retired.
/// </summary>
[GenerateSerializer, Alias("lse.AggregateRow")]
public sealed record AggregateRow
{
    [Id(0)] public required CampaignMode Mode { get; init; }
    [Id(1)] public required int LatentSize { get; init; }
    [Id(2)] public required int Searches { get; init; }
    [Id(3)] public required int Successes { get; init; }
    [Id(4)] public required double SuccessRate { get; init; }
    [Id(5)] public required double MeanEpsNorm { get; init; }
    [Id(6)] public required double MedianEpsNorm { get; init; }

    /// <summary>Mean step of the first success, over the successful searches.</summary>
    [Id(7)] public required double MeanSteps { get; init; }
    [Id(9)] public TargetRow[] PerTarget { get; init; } = [];
    [Id(10)] public double MacroSuccessRate { get; init; } = double.NaN;

    /// <summary>The slice's trait in a CelebA campaign (its classes: not the trait, the trait); null in every other campaign.</summary>
    [Id(11)] public string? Trait { get; init; }
}
