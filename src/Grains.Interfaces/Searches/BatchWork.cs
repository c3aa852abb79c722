using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Searches;

/// <summary>A block of searches of one (mode, d) slice, run as one batch of exactly these searches.</summary>
[GenerateSerializer, Alias("lse.BatchWork")]
public sealed record BatchWork
{
    [Id(0)] public required string CampaignId { get; init; }
    [Id(1)] public required CampaignMode Mode { get; init; }
    [Id(2)] public required int LatentSize { get; init; }
    [Id(3)] public required int Block { get; init; }
    [Id(4)] public required SearchWorkItem[] Items { get; init; }
    [Id(5)] public required ModelSpec Classifier { get; init; }
    [Id(6)] public required ModelSpec Vae { get; init; }

    /// <summary>Weight checksums the models must have (from the model grains): a mismatch fails the block.</summary>
    [Id(7)] public required string ClassifierSha256 { get; init; }
    [Id(8)] public required string VaeSha256 { get; init; }
    [Id(9)] public required int TestLimit { get; init; }
    [Id(10)] public required string Search { get; init; }
    [Id(11)] public required string SearchOverrides { get; init; }
    [Id(12)] public required int Seed { get; init; }

    /// <summary>Directory for the x' and x' - x PNGs; null writes none.</summary>
    [Id(13)] public string? ImageDirectory { get; init; }

    /// <summary>The resolved search options of the block's slice (JSON of the core's SearchOptions); null: resolve <see cref="Search"/> as before.</summary>
    [Id(14)] public string? SearchOptions { get; init; }

    /// <summary>
    /// The block's records go to one <see cref="IBlockResultsGrain"/> in one write (campaigns submitted since); false: to
    /// one search grain each, as campaigns submitted before stored them.
    /// </summary>
    [Id(15)] public bool BlockStorage { get; init; }

    /// <summary>SHA-256 of the test images the campaign was planned on (an image folder may change under it): a mismatch fails the block. Null: not checked (planned before).</summary>
    [Id(16)] public string? DataSha256 { get; init; }

    /// <summary>The trait of a CelebA campaign's slice (its classifier's one trait); null in every other campaign.</summary>
    [Id(17)] public string? Trait { get; init; }

    /// <summary>The batch grain's key for this block.</summary>
    public string GrainKey => BatchKey(CampaignId, Mode, LatentSize, Block, Trait);

    public static string BatchKey(string campaignId, CampaignMode mode, int latentSize, int block, string? trait = null) => trait is null
        ? $"{campaignId}/{mode.ToString().ToLowerInvariant()}/d{latentSize}/b{block}"
        : $"{campaignId}/{mode.ToString().ToLowerInvariant()}/d{latentSize}/{trait}/b{block}";
}
