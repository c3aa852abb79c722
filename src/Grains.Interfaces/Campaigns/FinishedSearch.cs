namespace Orleans.Lse.Grains.Campaigns;

/// <summary>One finished search as the campaign counts it (the full record lives in its search grain). The alias keeps the type's old name, so stored campaigns load.</summary>
[GenerateSerializer, Alias("lse.SearchSummary")]
public sealed record FinishedSearch(
    [property: Id(0)] CampaignMode Mode,
    [property: Id(1)] int LatentSize,
    [property: Id(2)] int Ordinal,
    [property: Id(3)] int Image,
    [property: Id(4)] int TrueLabel,
    [property: Id(5)] int Target,
    [property: Id(6)] bool Success,
    [property: Id(7)] int Steps,
    [property: Id(8)] float EpsNorm,
    [property: Id(9)] int Restarts,
    [property: Id(10)] string? Trait = null);
