using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Placement;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// One explanation's stored result. The write happens once: the duplicate check and the write are one turn of a
/// single activation, and storage's ETag check rejects a write racing from a stale activation. Started on its own, the
/// search goes to this silo's batching executor as a mergeable request (placed on compute silos for that reason).
/// </summary>
[ComputePlacement]
public sealed class SearchGrain(
    [PersistentState("search", LseStorage.ProviderName)] IPersistentState<SearchGrainState> state,
    SearchExecutor executor,
    IOptions<LseClusterOptions> cluster,
    TimeProvider time) : Grain, ISearchGrain
{
    private Task? _running;
    private string? _error;

    public async Task<SearchRecord?> Get()
    {
        if (_error is { } error)
        {
            throw new InvalidOperationException($"Search {this.GetPrimaryKeyString()} failed: {error}");
        }

        if (state.State.Record is not null || _running is { IsCompleted: false })
        {
            return state.State.Record;
        }

        // A campaign's search is stored with its block; the campaign knows which block.
        if (!TryParseKey(out var key) || !CampaignIds.IsValidId(key.CampaignId)
            || await GrainFactory.GetGrain<IExperimentGrain>(key.CampaignId).Locate(key) is not { } slot
            || await GrainFactory.GetGrain<IBlockResultsGrain>(slot.BlockKey).Get() is not { } block)
        {
            return null;
        }

        return slot.Index < block.Length && block[slot.Index].Key == key ? block[slot.Index] : block.FirstOrDefault(r => r.Key == key);
    }

    public Task<SearchRecord?> GetStored() => Task.FromResult(state.State.Record);

    public Task Start(SearchStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (state.State.Record is not null || _running is { IsCompleted: false })
        {
            return Task.CompletedTask;
        }

        if (start.ImageDirectory is not null)
        {
            throw new ArgumentException("SearchStart.ImageDirectory is not accepted: a client cannot choose where the silo writes. Set WriteImages; the images go under the silo's data directory.", nameof(start));
        }

        var key = ParseKey();
        if (key.Trait is not null)
        {
            throw new ArgumentException($"Search {key} is a CelebA campaign's: those run in blocks, never one by one.", nameof(start));
        }

        CampaignIds.ValidateId(key.CampaignId, "The search key's campaign");
        if (start.Vae.LatentSize != key.LatentSize)
        {
            throw new ArgumentException($"Search {key} is in latent size {key.LatentSize}, but the VAE has d={start.Vae.LatentSize}.", nameof(start));
        }

        if (key.Mode == CampaignMode.Lse && key.Target != start.TrueLabel)
        {
            throw new ArgumentException($"An LSE search targets the true label {start.TrueLabel}, but the key says {key.Target}.", nameof(start));
        }

        var options = SearchPresets.Resolve(start.Search, start.SearchOverrides, start.Seed, key.Mode.ToSearchMode());

        // The id seeds the search's restart directions: derived from the key, so a rerun repeats them.
        long id = Orleans.Lse.Core.Determinism.StableHash.Of(key.ToString());
        var item = key.Mode == CampaignMode.Lse
            ? SearchItem.Lse(id, key.Image, start.TrueLabel)
            : SearchItem.Lae(id, key.Image, start.TrueLabel, key.Target);

        _error = null;
        _running = RunAsync(key, start, options, item);
        return Task.CompletedTask;
    }

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

    private async Task RunAsync(SearchKey key, SearchStart start, SearchOptions options, SearchItem item)
    {
        try
        {
            var response = await executor.Submit(new SearchRequest(start.Classifier, start.Vae, start.TestLimit, options, [item], Mergeable: true));
            var now = time.GetUtcNow();
            var record = await Task.Run(() => SearchRecords.From(key, 0, start.TrueLabel, response.Results[0], start.WriteImages ? ImageDirectory(key) : null, now, response.Test.Shape));
            await Record(record);
        }
        catch (Exception e)
        {
            _error = e.Message;
        }
    }

    private string ImageDirectory(SearchKey key) =>
        Path.Combine(cluster.Value.DataDirectory, "searches", key.CampaignId, SliceNames.Of(key.Mode, key.LatentSize, key.Trait));

    /// <summary>The key's parts: campaign/mode/d{d}/image/target.</summary>
    private SearchKey ParseKey() => TryParseKey(out var key)
        ? key
        : throw new ArgumentException($"Search key '{CampaignIds.Shown(this.GetPrimaryKeyString())}' is not campaign/mode/d<d>/image/target.");

    private bool TryParseKey(out SearchKey key)
    {
        var parts = this.GetPrimaryKeyString().Split('/');
        key = null!;
        if (parts.Length < 5 || !int.TryParse(parts[^2], out int image) || !int.TryParse(parts[^1], out int target))
        {
            return false;
        }

        // campaign/mode/d{d}/image/target, or in a CelebA campaign campaign/mode/d{d}/trait/image/target.
        if (Enum.TryParse<CampaignMode>(parts[^4], ignoreCase: true, out var mode) && parts[^3].StartsWith('d') && int.TryParse(parts[^3][1..], out int d))
        {
            key = new SearchKey(string.Join('/', parts[..^4]), mode, d, image, target);
            return true;
        }

        if (parts.Length >= 6 && Enum.TryParse(parts[^5], ignoreCase: true, out mode) && parts[^4].StartsWith('d') && int.TryParse(parts[^4][1..], out d))
        {
            key = new SearchKey(string.Join('/', parts[..^5]), mode, d, image, target, parts[^3]);
            return true;
        }

        return false;
    }
}
