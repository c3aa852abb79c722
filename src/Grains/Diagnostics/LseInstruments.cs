using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orleans.Lse.Grains.Diagnostics;

/// <summary>The service's instruments on one meter (<see cref="LseInstrumentNames.Meter"/>), created through <see cref="IMeterFactory"/>.</summary>
public sealed class LseInstruments
{
    private readonly Counter<long> _started;
    private readonly Counter<long> _succeeded;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _gradientSteps;
    private readonly Histogram<double> _epsNorm;
    private readonly Histogram<int> _batchSize;
    private readonly ConcurrentDictionary<string, (long Done, long Total)> _campaigns = new(StringComparer.Ordinal);
    private Func<int> _queueDepth = () => 0;

    public LseInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(LseInstrumentNames.Meter);
        _started = meter.CreateCounter<long>(LseInstrumentNames.SearchesStarted, "{search}", "Searches handed to the engine");
        _succeeded = meter.CreateCounter<long>(LseInstrumentNames.SearchesSucceeded, "{search}", "Searches that reached their target class");
        _failed = meter.CreateCounter<long>(LseInstrumentNames.SearchesFailed, "{search}", "Searches that stopped without reaching it");
        _gradientSteps = meter.CreateCounter<long>(LseInstrumentNames.GradientSteps, "{step}", "Per-example gradient steps spent");
        _epsNorm = meter.CreateHistogram<double>(LseInstrumentNames.EpsNorm, null, "||eps||_2 of successful searches");
        _batchSize = meter.CreateHistogram<int>(LseInstrumentNames.BatchSize, "{search}", "Searches per engine batch");
        meter.CreateObservableGauge(LseInstrumentNames.QueueDepth, () => _queueDepth(), "{request}", "Requests waiting for the executor");
        meter.CreateObservableGauge(LseInstrumentNames.CampaignSearchesDone, () => Campaigns(c => c.Done), "{search}", "Finished searches per active campaign");
        meter.CreateObservableGauge(LseInstrumentNames.CampaignSearchesTotal, () => Campaigns(c => c.Total), "{search}", "Searches per active campaign");
    }

    /// <summary>Wires the executor's queue depth into its gauge.</summary>
    public void ObserveQueueDepth(Func<int> depth) => _queueDepth = depth;

    public void BatchRan(int size) => _batchSize.Record(size);

    public void SearchesStarted(string mode, int d, int count)
    {
        var tags = Tags(mode, d);
        _started.Add(count, tags);

        // Both outcomes' series exist from the first search on (at 0), so a success rate reads 0, not "no data".
        _succeeded.Add(0, tags);
        _failed.Add(0, tags);
    }

    public void SearchFinished(string mode, int d, bool success, int steps, double epsNorm)
    {
        var tags = Tags(mode, d);
        (success ? _succeeded : _failed).Add(1, tags);
        _gradientSteps.Add(steps, tags);
        if (success)
        {
            _epsNorm.Record(epsNorm, tags);
        }
    }

    public void CampaignProgress(string campaignId, long done, long total) => _campaigns[campaignId] = (done, total);

    public void CampaignEnded(string campaignId) => _campaigns.TryRemove(campaignId, out _);

    private IEnumerable<Measurement<long>> Campaigns(Func<(long Done, long Total), long> pick) =>
        _campaigns.Select(c => new Measurement<long>(pick(c.Value), new KeyValuePair<string, object?>("campaign", c.Key))).ToList();

    private static TagList Tags(string mode, int d) => new() { { "mode", mode }, { "d", d } };
}
