namespace Orleans.Lse.Grains.Campaigns;

/// <summary>What the experiment grain reports about its campaign.</summary>
[GenerateSerializer, Alias("lse.CampaignStatus")]
public sealed record CampaignStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required CampaignPhase Phase { get; init; }
    [Id(2)] public CampaignSpec? Spec { get; init; }

    /// <summary>What the campaign is doing now (training models, planning, searching), for people.</summary>
    [Id(3)] public string Activity { get; init; } = "";
    [Id(4)] public ProgressRow[] Progress { get; init; } = [];
    [Id(5)] public AggregateRow[] Aggregates { get; init; } = [];
    [Id(6)] public string? Error { get; init; }
    [Id(7)] public DateTimeOffset? CreatedUtc { get; init; }
    [Id(8)] public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>Model ids and weight checksums the results were computed with.</summary>
    [Id(9)] public IReadOnlyDictionary<string, string> ModelChecksums { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the campaign's images and exports live on the silo's machine.</summary>
    [Id(10)] public string? OutputDirectory { get; init; }

    /// <summary>When the running campaign last advanced (activity, training or a counted search).</summary>
    [Id(11)] public DateTimeOffset? LastProgressUtc { get; init; }

    /// <summary>Running, but not advancing for longer than Lse:Campaigns:StallAfter; <see cref="Activity"/> says what it waits on.</summary>
    [Id(12)] public bool Stalled { get; init; }

    public int Total => Progress.Sum(p => p.Total);

    public int Done => Progress.Sum(p => p.Done);
}
