namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// One campaign, keyed by campaign id. Every call returns at once; the campaign advances on its own (a grain timer while
/// active, a reminder and the silo's start-up recovery after a crash).
/// </summary>
[Alias("lse.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Creates and starts the campaign. Submitting the same spec again returns the existing campaign; a different spec under the same id is an error.</summary>
    [Alias("Submit")]
    Task<CampaignStatus> Submit(CampaignSpec spec);

    /// <summary>
    /// The campaign as it stands, answered between the awaits of whatever else the grain is doing (it only reads memory), so
    /// that a dashboard or a watching CLI is not held behind a tick's storage writes.
    /// </summary>
    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<CampaignStatus> GetStatus();

    [Alias("Pause")]
    Task<CampaignStatus> Pause();

    [Alias("Resume")]
    Task<CampaignStatus> Resume();

    [Alias("Cancel")]
    Task<CampaignStatus> Cancel();

    /// <summary>Every finished search of the campaign, in (mode, d, ordinal) order.</summary>
    [Alias("GetResults")]
    Task<FinishedSearch[]> GetResults();

    /// <summary>
    /// The campaign's models (classifier, VAEs, heads) as their grains report them: phase, training progress, metrics and
    /// checksums; empty before the campaign has a spec. Interleaved: it only reads the spec.
    /// </summary>
    [Alias("GetModels"), Orleans.Concurrency.AlwaysInterleave]
    Task<Models.ModelStatus[]> GetModels();

    /// <summary>
    /// Where the campaign stored search <paramref name="key"/>: its block and place in it; null when the campaign has no
    /// such search, has not planned it, or stores each search in its own grain (campaigns submitted before blocks were).
    /// </summary>
    [Alias("Locate")]
    Task<Searches.BlockSlot?> Locate(Searches.SearchKey key);

    /// <summary>
    /// A block of the campaign finished (done or failed): the campaign collects it and starts the next at once instead of at
    /// its next poll. A lost notice costs only that wait.
    /// </summary>
    [Alias("BlockFinished"), Orleans.Concurrency.OneWay]
    Task BlockFinished(string blockKey);

    /// <summary>
    /// What a report of the campaign is drawn from: spec, resolved options, checksums and the stored records of its finished
    /// blocks. Refused for campaigns that store each search in its own grain (submitted before blocks were).
    /// </summary>
    [Alias("GetReportSource")]
    Task<CampaignReportSource> GetReportSource();

    /// <summary>
    /// What a report is drawn from, without the records (<see cref="CampaignReportSource.Records"/> empty): those come slice
    /// by slice from <see cref="GetSliceRecords"/>, so that no one message has to hold a large campaign's every eps.
    /// </summary>
    [Alias("GetReportOutline")]
    Task<CampaignReportSource> GetReportOutline();

    /// <summary>The stored records of slice <paramref name="slice"/> (an index into the outline's slices), in plan order.</summary>
    [Alias("GetSliceRecords")]
    Task<Searches.SearchRecord[]> GetSliceRecords(int slice);

    /// <summary>Wakes the campaign after a restart: continues it if it was running. Idempotent.</summary>
    [Alias("Recover")]
    Task Recover();
}
