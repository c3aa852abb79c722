namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// One slice's plan and its counted results, as the experiment grain keeps them: per result in the campaign's state
/// (<see cref="LegacySliceBook"/>, campaigns that store per search) or per block in bounded sums
/// (<see cref="BlockSliceBook"/>).
/// </summary>
internal abstract class SliceBook(SliceState plan)
{
    public SliceState Plan => plan;

    public CampaignMode Mode => plan.Mode;

    public int LatentSize => plan.LatentSize;

    public string? Trait => plan.Trait;

    public int Total => plan.Searches.Count;

    public abstract int Done { get; }

    public abstract int Successes { get; }

    public abstract double SecondsRunning { get; set; }

    public abstract bool IsBlockDone(int block, int from, int to);

    /// <summary>Counts a block's results once; returns whether anything new was counted.</summary>
    public abstract bool Count(int block, FinishedSearch[] results);

    /// <summary>The slice's aggregates so far (exact where the book keeps every result).</summary>
    public abstract AggregateRow Aggregate(string variant);

    /// <summary>Throws unless every result is the planned search at its ordinal.</summary>
    protected void CheckPlanned(FinishedSearch[] results)
    {
        var planned = plan.Searches;
        foreach (var r in results)
        {
            if (r.Ordinal < 0 || r.Ordinal >= planned.Count || planned[r.Ordinal].Image != r.Image || planned[r.Ordinal].Target != r.Target)
            {
                throw new InvalidOperationException($"Result for ordinal {r.Ordinal} (image {r.Image}, target {r.Target}) does not match the plan.");
            }
        }
    }
}
