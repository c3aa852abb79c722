using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// One block's stored results: one storage row per block instead of one per search. The write happens once: the check
/// and the write are one turn of a single activation, and storage's ETag check rejects a write racing from a stale one.
/// </summary>
public sealed class BlockResultsGrain(
    [PersistentState("block", LseStorage.ProviderName)] IPersistentState<BlockResultsState> state) : Grain, IBlockResultsGrain
{
    public Task<SearchRecord[]?> Get()
    {
        // Read once per lookup or per results read; a campaign's thousands of blocks would otherwise stay in memory.
        DeactivateOnIdle();
        return Task.FromResult(state.State.Records);
    }

    public async Task<SearchRecord[]> Store(SearchRecord[] records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (state.State.Records is { } stored)
        {
            return stored;
        }

        string key = this.GetPrimaryKeyString();
        if (records.Length == 0 || records.Any(r => r is null || !key.StartsWith(r.Key.CampaignId + "/", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"Block '{key}': records must be non-empty and of the block's campaign.", nameof(records));
        }

        state.State.Records = records;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: nobody may read them as stored (a retry would count a block that is not there).
            state.State.Records = null;
            throw;
        }

        // Campaigns write many blocks once each and read them rarely: keeping them in memory would grow without bound.
        DeactivateOnIdle();
        return records;
    }
}
