namespace Orleans.Lse.Grains.Campaigns;

/// <summary>A slice of a campaign that stores per block: counted blocks and their sums (<see cref="SliceProgress"/>).</summary>
internal sealed class BlockSliceBook(SliceState plan, SliceProgress progress) : SliceBook(plan)
{
    public override int Done => progress.Done;

    public override int Successes => progress.Successes;

    public override double SecondsRunning
    {
        get => progress.SecondsRunning;
        set => progress.SecondsRunning = value;
    }

    public override bool IsBlockDone(int block, int from, int to) => progress.IsBlockDone(block);

    public override bool Count(int block, FinishedSearch[] results)
    {
        CheckPlanned(results);
        return progress.CountBlock(block, results);
    }

    public override AggregateRow Aggregate(string variant) => progress.Aggregate(Mode, LatentSize);
}
