namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The list of campaigns (a single grain, key <see cref="Key"/>) and the idempotency keys that map to them. Submitting
/// through the catalog with a key already used returns that key's campaign.
/// </summary>
[Alias("lse.ICampaignCatalogGrain")]
public interface ICampaignCatalogGrain : IGrainWithStringKey
{
    public const string Key = "catalog";

    /// <summary>Creates a campaign for <paramref name="spec"/>, or returns the one created earlier with the same idempotency key.</summary>
    [Alias("Submit")]
    Task<CampaignStatus> Submit(CampaignSpec spec, string? idempotencyKey);

    [Alias("List")]
    Task<CampaignStatus[]> List();

    /// <summary>Ids of campaigns that were created and have not ended (for start-up recovery).</summary>
    [Alias("Unfinished")]
    Task<string[]> Unfinished();

    /// <summary>Marks a campaign as ended, so recovery skips it. One-way: the catalog may be waiting on that campaign's status.</summary>
    [Alias("MarkEnded"), Orleans.Concurrency.OneWay]
    Task MarkEnded(string campaignId);

    /// <summary>Marks an ended (failed) campaign as running again, so recovery wakes it after a crash.</summary>
    [Alias("MarkResumed")]
    Task MarkResumed(string campaignId);
}
