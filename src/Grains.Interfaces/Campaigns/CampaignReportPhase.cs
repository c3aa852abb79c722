namespace Orleans.Lse.Grains.Campaigns;

/// <summary>Where a campaign's report stands.</summary>
[GenerateSerializer, Alias("lse.CampaignReportPhase")]
public enum CampaignReportPhase
{
    /// <summary>Never written.</summary>
    None = 0,

    /// <summary>Being written.</summary>
    Writing = 1,

    /// <summary>Written: report.html exists.</summary>
    Done = 2,

    /// <summary>The last attempt failed; an earlier report may still exist.</summary>
    Failed = 3,
}
