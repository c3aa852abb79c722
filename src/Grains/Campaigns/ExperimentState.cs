namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// What an experiment grain persists. The results counted so far live here, beside the check that counts each once, so
/// one write records both. Field ids are stable: stored campaigns must resume after upgrades.
/// </summary>
[GenerateSerializer, Alias("lse.ExperimentState")]
public sealed class ExperimentState
{
    [Id(0)] public CampaignSpec? Spec { get; set; }
    [Id(1)] public CampaignPhase Phase { get; set; }
    [Id(2)] public DateTimeOffset? CreatedUtc { get; set; }
    [Id(3)] public DateTimeOffset? FinishedUtc { get; set; }
    [Id(4)] public string? Error { get; set; }

    /// <summary>Model key -> weights SHA-256, fixed once the models are ready.</summary>
    [Id(5)] public Dictionary<string, string> ModelChecksums { get; set; } = [];

    /// <summary>Empty until the campaign is planned.</summary>
    [Id(6)] public List<SliceState> Slices { get; set; } = [];
    [Id(7)] public bool Planned { get; set; }

    /// <summary>The spec as canonical JSON: a resubmission must match it exactly.</summary>
    [Id(8)] public string? SpecJson { get; set; }

    /// <summary>The classifier's and the VAEs' training options, resolved at submit (null: submitted before they were stored).</summary>
    [Id(9)] public string? ClassifierTraining { get; set; }
    [Id(10)] public string? VaeTraining { get; set; }

    /// <summary>Blocks store their records in one block-results grain each (campaigns submitted since); false: per search grain.</summary>
    [Id(11)] public bool BlockStorage { get; set; }

    /// <summary>Block-storage campaigns: each slice's counted blocks and sums (the plan is in <see cref="PlanState"/>).</summary>
    [Id(12)] public List<SliceProgress> Progress { get; set; } = [];

    /// <summary>Block-storage campaigns: the aggregates computed exactly from the stored blocks when the campaign completed.</summary>
    [Id(13)] public AggregateRow[]? FinalAggregates { get; set; }

    /// <summary>The user model's registration fingerprint, resolved at submit (null: the paper's models).</summary>
    [Id(14)] public string? UserModelFingerprint { get; set; }

    public CampaignTraining Training => new(ClassifierTraining, VaeTraining) { UserModelFingerprint = UserModelFingerprint };
}
