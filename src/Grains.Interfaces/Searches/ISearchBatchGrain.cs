namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// Runs one block of searches (key: <see cref="BatchWork.GrainKey"/>) on its silo's batching executor, stores each result in
/// its search grain, then reports. Placed on silos with compute devices. Calls return at once: start, then poll.
/// </summary>
[Alias("lse.ISearchBatchGrain")]
public interface ISearchBatchGrain : IGrainWithStringKey
{
    /// <summary>Starts the block unless it is already running or done in this activation.</summary>
    [Alias("Start")]
    Task<BatchStatus> Start(BatchWork work);

    [Alias("Poll")]
    Task<BatchStatus> Poll();

    /// <summary>Lets the activation go: the block's results are safe in the campaign.</summary>
    [Alias("Release")]
    Task Release();
}
