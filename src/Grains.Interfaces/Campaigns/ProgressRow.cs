namespace Orleans.Lse.Grains.Campaigns;

/// <summary>Progress of one (mode, d) slice of a campaign (and trait, on CelebA).</summary>
[GenerateSerializer, Alias("lse.ProgressRow")]
public sealed record ProgressRow(
    [property: Id(0)] CampaignMode Mode,
    [property: Id(1)] int LatentSize,
    [property: Id(2)] int Total,
    [property: Id(3)] int Done,
    [property: Id(4)] int Succeeded,
    [property: Id(5)] double SecondsRunning,
    [property: Id(6)] string? Trait = null);
