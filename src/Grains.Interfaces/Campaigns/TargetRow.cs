namespace Orleans.Lse.Grains.Campaigns;

/// <summary>LAE success towards one target class.</summary>
[GenerateSerializer, Alias("lse.TargetRow")]
public sealed record TargetRow(
    [property: Id(0)] int Target,
    [property: Id(1)] int Searches,
    [property: Id(2)] int Successes,
    [property: Id(3)] double MeanEpsNorm);
