using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// One explanation's stored result. The write happens once: the duplicate check and the write are one turn of a
/// single activation, and storage's ETag check rejects a write racing from a stale activation.
/// </summary>
public sealed class SearchGrain(
    [PersistentState("search", LseStorage.ProviderName)] IPersistentState<SearchGrainState> state) : Grain, ISearchGrain
{
    public Task<SearchRecord?> Get() => Task.FromResult(state.State.Record);

    public async Task<SearchRecord> Record(SearchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string key = this.GetPrimaryKeyString();
        if (record.Key.ToString() != key)
        {
            throw new ArgumentException($"Search record for '{record.Key}' sent to search grain '{key}'.", nameof(record));
        }

        if (state.State.Record is { } stored)
        {
            return stored;
        }

        state.State.Record = record;
        await state.WriteStateAsync();

        // Campaigns write many searches once each; keeping them in memory would grow without bound.
        DeactivateOnIdle();
        return record;
    }
}
