using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>A campaign's aggregates per (mode, d): the core's formulas (<see cref="ExperimentAggregates"/>) over the counted results.</summary>
public static class CampaignAggregates
{
    public static AggregateRow Of(CampaignMode mode, int d, IReadOnlyList<FinishedSearch> done, string variant = "")
    {
        var a = ExperimentAggregates.Of(variant, mode.ToSearchMode(), d, "all",
            [.. done.Select(r => new SearchOutcome(mode.ToSearchMode(), r.TrueLabel, r.Target, r.Success, r.Steps, r.EpsNorm, r.Restarts))]);
        return AggregateRows.From(mode, a);
    }
}
