using System.Collections.Concurrent;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>
/// The finished searches of the campaigns people are looking at. Pages refresh every second and a campaign of 100,000
/// searches should not be read back each time, nor once per open page: the results are read again only when the
/// campaign has counted more, at most every <see cref="RunningReadInterval"/> while it runs, and one read serves every
/// page that asks meanwhile. Progress bars come from the status and stay live; tables and charts follow within that
/// interval and show the final figures as soon as the campaign ends.
/// </summary>
public sealed class ResultsCache(IClusterClient client, TimeProvider time)
{
    public static readonly TimeSpan RunningReadInterval = TimeSpan.FromSeconds(5);

    private const int Campaigns = 8;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The campaign's results as of <paramref name="status"/> (or a read at most <see cref="RunningReadInterval"/> old while it runs).</summary>
    public async Task<FinishedSearch[]> Get(string campaignId, CampaignStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var now = time.GetUtcNow();
        bool ended = status.Phase is CampaignPhase.Completed or CampaignPhase.Failed or CampaignPhase.Cancelled or CampaignPhase.Paused;
        var entry = _entries.AddOrUpdate(
            campaignId,
            _ => Read(campaignId, status.Done, now),
            (_, cached) => cached.Done >= status.Done || (!ended && now - cached.ReadAt < RunningReadInterval && !cached.Results.IsFaulted)
                ? cached
                : Read(campaignId, status.Done, now));
        entry.LastUsed = now;
        Trim();
        try
        {
            return await entry.Results;
        }
        catch
        {
            // A failed read is not kept: the next page asks again.
            _entries.TryRemove(new KeyValuePair<string, Entry>(campaignId, entry));
            throw;
        }
    }

    private Entry Read(string campaignId, int done, DateTimeOffset now) => new(done, now, client.GetGrain<IExperimentGrain>(campaignId).GetResults());

    private void Trim()
    {
        if (_entries.Count > Campaigns)
        {
            foreach (var stale in _entries.OrderBy(e => e.Value.LastUsed).Take(_entries.Count - Campaigns))
            {
                _entries.TryRemove(stale);
            }
        }
    }

    private sealed class Entry(int done, DateTimeOffset readAt, Task<FinishedSearch[]> results)
    {
        public int Done { get; } = done;

        public DateTimeOffset ReadAt { get; } = readAt;

        public Task<FinishedSearch[]> Results { get; } = results;

        public DateTimeOffset LastUsed { get; set; }
    }
}
