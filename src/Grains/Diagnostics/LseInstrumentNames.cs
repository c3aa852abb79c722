namespace Orleans.Lse.Grains.Diagnostics;

/// <summary>Every metric the service emits, in one place. Tags: mode (lse|lae), d (latent size).</summary>
public static class LseInstrumentNames
{
    public const string Meter = "Orleans.Lse";
    public const string SearchesStarted = "lse.searches.started";
    public const string SearchesSucceeded = "lse.searches.succeeded";
    public const string SearchesFailed = "lse.searches.failed";
    public const string GradientSteps = "lse.gradient_steps";
    public const string EpsNorm = "lse.eps_norm";
    public const string BatchSize = "lse.executor.batch_size";
    public const string QueueDepth = "lse.executor.queue_depth";
    public const string CampaignSearchesDone = "lse.campaign.searches_done";
    public const string CampaignSearchesTotal = "lse.campaign.searches_total";
}
