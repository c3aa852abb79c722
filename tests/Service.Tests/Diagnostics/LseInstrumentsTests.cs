using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Lse.Grains.Diagnostics;

namespace Orleans.Lse.Service.Tests.Diagnostics;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class LseInstrumentsTests
{
    [Fact]
    public void EveryInstrumentIsOnTheProjectMeterWithModeAndLatentSizeTags()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var instruments = new LseInstruments(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LseInstrumentNames.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        instruments.ObserveQueueDepth(() => 3);
        instruments.SearchesStarted("lae", 2, 5);
        instruments.SearchFinished("lae", 2, success: true, steps: 17, epsNorm: 0.5);
        instruments.SearchFinished("lae", 2, success: false, steps: 1000, epsNorm: 2);
        instruments.BatchRan(5);
        instruments.CampaignProgress("c-1", 2, 5);
        listener.RecordObservableInstruments();

        Assert.Contains(seen, m => m.Name == LseInstrumentNames.SearchesStarted && m.Value == 5 && (string?)m.Tags["mode"] == "lae" && (int?)m.Tags["d"] == 2);
        Assert.Contains(seen, m => m.Name == LseInstrumentNames.SearchesSucceeded && m.Value == 1);
        Assert.Contains(seen, m => m.Name == LseInstrumentNames.SearchesFailed && m.Value == 1);
        Assert.Equal(1, seen.Where(m => m.Name == LseInstrumentNames.SearchesSucceeded).Sum(m => m.Value)); // plus the 0 that starts the series
        Assert.Equal(1017, seen.Where(m => m.Name == LseInstrumentNames.GradientSteps).Sum(m => m.Value));
        Assert.Single(seen, m => m.Name == LseInstrumentNames.EpsNorm);
        Assert.Contains(seen, m => m.Name == LseInstrumentNames.BatchSize && m.Value == 5);
        Assert.Contains(seen, m => m.Name == LseInstrumentNames.QueueDepth && m.Value == 3);
        Assert.Contains(seen, m => m.Name == LseInstrumentNames.CampaignSearchesDone && m.Value == 2 && (string?)m.Tags["campaign"] == "c-1");

        instruments.CampaignEnded("c-1");
        seen.Clear();
        listener.RecordObservableInstruments();
        Assert.DoesNotContain(seen, m => m.Name == LseInstrumentNames.CampaignSearchesDone);
    }
}
