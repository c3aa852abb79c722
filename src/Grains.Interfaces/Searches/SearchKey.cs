using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Grains.Searches;

/// <summary>The identity of one search in a campaign: the search grain's key is <see cref="ToString"/>.</summary>
[GenerateSerializer, Alias("lse.SearchKey")]
public sealed record SearchKey(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignMode Mode,
    [property: Id(2)] int LatentSize,
    [property: Id(3)] int Image,
    [property: Id(4)] int Target,
    [property: Id(5)] string? Trait = null)
{
    /// <summary>The grain key; a CelebA campaign's search (stored in blocks, never in a search grain) names its trait after d.</summary>
    public override string ToString() => Trait is null
        ? $"{CampaignId}/{Mode.ToString().ToLowerInvariant()}/d{LatentSize}/{Image}/{Target}"
        : $"{CampaignId}/{Mode.ToString().ToLowerInvariant()}/d{LatentSize}/{Trait}/{Image}/{Target}";
}
