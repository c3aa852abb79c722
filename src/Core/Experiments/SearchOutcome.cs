using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>What the aggregates need of one finished search, wherever it ran (in process or in a campaign).</summary>
/// <remarks>The stop reason is null where the source does not keep it.</remarks>
public sealed record SearchOutcome(SearchMode Mode, int TrueLabel, int Target, bool Success, int Steps, double EpsNorm, int Restarts, StopReason? StopReason = null)
{
    public static SearchOutcome From(SearchResult r) => new(r.Mode, r.TrueLabel, r.Target, r.Success, r.Steps, r.EpsNorm, r.Restarts, r.StopReason);
}
