namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// Aggregates of one (mode, d) slice over its finished searches. ||eps|| statistics are over successes. For LAE,
/// <see cref="WeightedSuccessRate"/> is the average of the per-target rates weighted by each target's searches
/// (section 3.2.2); for LSE it equals <see cref="SuccessRate"/>.
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
    [Id(7)] public required double MeanSteps { get; init; }
    [Id(8)] public required double WeightedSuccessRate { get; init; }
    [Id(9)] public TargetRow[] PerTarget { get; init; } = [];
}
