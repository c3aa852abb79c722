namespace Orleans.Lse.Grains.Campaigns;

/// <summary>A slice of a campaign that stores per search: every counted result in the campaign's state, by ordinal.</summary>
internal sealed class LegacySliceBook(SliceState plan) : SliceBook(plan)
{
    public override int Done => Plan.Done;

    public override int Successes => Plan.Results.Count(r => r is { Success: true });

    public override double SecondsRunning
    {
        get => Plan.SecondsRunning;
        set => Plan.SecondsRunning = value;
    }

    public override bool IsBlockDone(int block, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            if (Plan.Results[i] is null)
            {
                return false;
            }
        }

        return true;
    }

    public override bool Count(int block, FinishedSearch[] results)
    {
        CheckPlanned(results);
        bool changed = false;
        foreach (var r in results)
        {
            if (Plan.Results[r.Ordinal] is null)
            {
                Plan.Results[r.Ordinal] = r;
                changed = true;
            }
        }

        return changed;
    }

    public override AggregateRow Aggregate(string variant) => CampaignAggregates.Of(Mode, LatentSize, [.. Plan.Results.OfType<FinishedSearch>()], variant);
}
