namespace Orleans.Lse.Grains.Campaigns;

/// <summary>A campaign's lifecycle.</summary>
[GenerateSerializer, Alias("lse.CampaignPhase")]
public enum CampaignPhase
{
    Created = 0,
    Running = 1,
    Paused = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}
