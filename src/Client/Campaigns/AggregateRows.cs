using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>The core's aggregate and its wire form, both ways: silos send what the core computed, clients print it with the core's table.</summary>
public static class AggregateRows
{
    public static AggregateRow From(CampaignMode mode, ExperimentAggregate a) => new()
    {
        Mode = mode,
        LatentSize = a.LatentSize,
        Searches = a.Searches,
        Successes = a.Successes,
        SuccessRate = a.SuccessRate,
        MacroSuccessRate = a.MacroSuccessRate,
        MeanEpsNorm = a.MeanEpsNorm,
        MedianEpsNorm = a.MedianEpsNorm,
        MeanSteps = a.MeanSteps,
        PerTarget = [.. a.PerTarget.Select(t => new TargetRow(t.Target, t.Searches, t.Successes, t.MeanEpsNorm))],
    };

    public static ExperimentAggregate ToAggregate(this AggregateRow a, string variant = "") => new()
    {
        Variant = variant,
        Mode = a.Mode.ToString().ToUpperInvariant(),
        LatentSize = a.LatentSize,
        Set = "all",
        Searches = a.Searches,
        Successes = a.Successes,
        SuccessRate = a.SuccessRate,
        MacroSuccessRate = a.MacroSuccessRate,
        MeanEpsNorm = a.MeanEpsNorm,
        MedianEpsNorm = a.MedianEpsNorm,
        MeanSteps = a.MeanSteps,
        SuccessAtRestarts = [],
        PerTarget = [.. a.PerTarget.Select(t => new TargetSummary(t.Target, t.Searches, t.Successes, ExperimentAggregates.Rate(t.Successes, t.Searches), t.MeanEpsNorm))],
    };
}
