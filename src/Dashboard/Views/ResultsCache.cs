using System.Collections.Concurrent;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>
/// The finished searches of the campaigns people are looking at, read again only when the campaign has counted more:
/// pages refresh every second, and a campaign of 100,000 searches should not be read back each time.
/// </summary>
public sealed class ResultsCache(IClusterClient client)
{
    private const int Campaigns = 8;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The campaign's results once it has counted <paramref name="done"/> searches (read again when that changed).</summary>
    public async Task<FinishedSearch[]> Get(string campaignId, int done)
    {
        if (_entries.TryGetValue(campaignId, out var entry) && entry.Done == done)
        {
            entry.Touch();
            return entry.Results;
        }

        var results = await client.GetGrain<IExperimentGrain>(campaignId).GetResults();
        _entries[campaignId] = new Entry(done, results);
        if (_entries.Count > Campaigns)
        {
            foreach (var stale in _entries.OrderBy(e => e.Value.LastUsed).Take(_entries.Count - Campaigns))
            {
                _entries.TryRemove(stale.Key, out _);
            }
        }

        return results;
    }

    private sealed class Entry(int done, FinishedSearch[] results)
    {
        private long _lastUsed = Environment.TickCount64;

        public int Done { get; } = done;

        public FinishedSearch[] Results { get; } = results;

        public long LastUsed => Volatile.Read(ref _lastUsed);

        public void Touch() => Volatile.Write(ref _lastUsed, Environment.TickCount64);
    }
}
