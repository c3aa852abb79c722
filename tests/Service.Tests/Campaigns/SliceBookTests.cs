using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// A slice counted per block in bounded sums agrees with one counted per result (campaigns that store per search): each
/// block once, the same counts and rates, the means to rounding, the median within its histogram's 1.2 %.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SliceBookTests
{
    private const int BlockSize = 7;

    [Theory]
    [InlineData(CampaignMode.Lae, 300)]
    [InlineData(CampaignMode.Lse, 61)]
    public void BlockSumsAgreeWithEveryResultKept(CampaignMode mode, int searches)
    {
        var random = new Random(searches);
        var items = Enumerable.Range(0, searches).Select(i => new SearchWorkItem(i, 1000 + i, i % 10, mode == CampaignMode.Lse ? i % 10 : (i + 1 + (i / 10 % 9)) % 10)).ToArray();
        var results = items.Select(i => new FinishedSearch(mode, 2, i.Ordinal, i.Image, i.TrueLabel, i.Target, random.NextDouble() < 0.7, random.Next(1, 50), (float)Math.Exp(random.NextDouble() * 4 - 2), 0)).ToArray();
        var legacy = new LegacySliceBook(new SliceState { Mode = mode, LatentSize = 2, Items = items, Results = new FinishedSearch?[searches] });
        var blocks = new BlockSliceBook(new SliceState { Mode = mode, LatentSize = 2, Items = items }, new SliceProgress());

        // Blocks arrive out of order, and some twice (a block reported again after a restart).
        var order = Enumerable.Range(0, (searches + BlockSize - 1) / BlockSize).OrderBy(_ => random.Next()).ToList();
        foreach (int b in order.Concat(order.Take(3)))
        {
            var block = results.Skip(b * BlockSize).Take(BlockSize).ToArray();
            Assert.Equal(legacy.Count(b, block), blocks.Count(b, block));
        }

        Assert.All(order, b => Assert.True(blocks.IsBlockDone(b, 0, 0)));
        Assert.False(blocks.IsBlockDone(order.Count, 0, 0));
        Assert.Equal((searches, results.Count(r => r.Success)), (blocks.Done, blocks.Successes));
        Assert.Equal((legacy.Done, legacy.Successes), (blocks.Done, blocks.Successes));

        var exact = legacy.Aggregate("paper");
        var running = blocks.Aggregate("paper");
        Assert.Equal((exact.Searches, exact.Successes, exact.SuccessRate), (running.Searches, running.Successes, running.SuccessRate));
        Assert.Equal(exact.MacroSuccessRate, running.MacroSuccessRate, 12);
        Assert.Equal(exact.MeanEpsNorm, running.MeanEpsNorm, 5);
        Assert.Equal(exact.MeanSteps, running.MeanSteps, 9);
        Assert.InRange(running.MedianEpsNorm / exact.MedianEpsNorm, 0.985, 1.015);
        Assert.Equal(exact.PerTarget.Select(t => (t.Target, t.Searches, t.Successes)), running.PerTarget.Select(t => (t.Target, t.Searches, t.Successes)));
        Assert.All(exact.PerTarget.Zip(running.PerTarget), p => Assert.Equal(p.First.MeanEpsNorm, p.Second.MeanEpsNorm, 5));
    }

    [Fact]
    public void AResultThatIsNotThePlannedSearchIsRefused()
    {
        var items = new[] { new SearchWorkItem(0, 5, 3, 4) };
        var book = new BlockSliceBook(new SliceState { Mode = CampaignMode.Lae, LatentSize = 2, Items = items }, new SliceProgress());

        var error = Assert.Throws<InvalidOperationException>(() => book.Count(0, [new FinishedSearch(CampaignMode.Lae, 2, 0, 5, 3, 7, true, 3, 1f, 0)]));

        Assert.Contains("does not match the plan", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, book.Done);
    }
}
