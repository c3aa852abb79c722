using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>What a campaign's report is drawn from: its spec, resolved training and search options, model checksums and stored records.</summary>
[GenerateSerializer, Alias("lse.CampaignReportSource")]
public sealed record CampaignReportSource
{
    [Id(0)] public required CampaignSpec Spec { get; init; }
    [Id(1)] public string? ClassifierTraining { get; init; }
    [Id(2)] public string? VaeTraining { get; init; }
    [Id(3)] public Dictionary<string, string> ModelChecksums { get; init; } = [];
    [Id(4)] public CampaignReportSlice[] Slices { get; init; } = [];

    /// <summary>Every stored search record (those of finished blocks).</summary>
    [Id(5)] public SearchRecord[] Records { get; init; } = [];
    [Id(6)] public CampaignPhase Phase { get; init; }

    /// <summary>The registration fingerprint of the campaign's user model, as resolved at submit (null: the paper's models).</summary>
    [Id(7)] public string? UserModelFingerprint { get; init; }
}

/// <summary>One (mode, d) slice as a report needs it: its resolved search options (JSON; null in campaigns planned before they were stored) and class count.</summary>
[GenerateSerializer, Alias("lse.CampaignReportSlice")]
public sealed record CampaignReportSlice(
    [property: Id(0)] CampaignMode Mode,
    [property: Id(1)] int LatentSize,
    [property: Id(2)] string? SearchOptions,
    [property: Id(3)] int Classes,
    [property: Id(4)] string? DataSha256 = null,
    [property: Id(5)] string? Trait = null);
