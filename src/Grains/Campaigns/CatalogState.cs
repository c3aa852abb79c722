namespace Orleans.Lse.Grains.Campaigns;

/// <summary>What the campaign catalog persists.</summary>
[GenerateSerializer, Alias("lse.CatalogState")]
public sealed class CatalogState
{
    [Id(0)] public List<string> Campaigns { get; set; } = [];
    [Id(1)] public Dictionary<string, string> IdempotencyKeys { get; set; } = [];
    [Id(2)] public HashSet<string> Ended { get; set; } = [];
}
