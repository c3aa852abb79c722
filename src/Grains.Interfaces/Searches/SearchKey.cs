using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Grains.Searches;

/// <summary>The identity of one search in a campaign: the search grain's key is <see cref="ToString"/>.</summary>
[GenerateSerializer, Alias("lse.SearchKey")]
public sealed record SearchKey(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignMode Mode,
    [property: Id(2)] int LatentSize,
    [property: Id(3)] int Image,
    [property: Id(4)] int Target)
{
    public override string ToString() => $"{CampaignId}/{Mode.ToString().ToLowerInvariant()}/d{LatentSize}/{Image}/{Target}";
}
