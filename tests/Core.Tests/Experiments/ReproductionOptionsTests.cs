using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Tests.Experiments;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ReproductionOptionsTests
{
    [Fact]
    public void BatchMeanPaperSearchUsesThePapersBatchSizes()
    {
        var options = new ReproductionOptions();

        Assert.True(options.PaperBatchMean);
        Assert.Equal(87, options.PaperSearchFor(SearchMode.Lse, 89).LossMeanOver);
        // 100 images x 9 targets as 10 per-target experiments (each without the images already of that class): 90 on average.
        Assert.Equal(90, options.PaperSearchFor(SearchMode.Lae, 900).LossMeanOver);
        Assert.Equal(0.1, options.PaperSearchFor(SearchMode.Lae, 900).StepSize);
    }

    [Fact]
    public void PerSearchPaperSearchKeepsEachSearchsOwnLoss()
    {
        var options = new ReproductionOptions { PaperBatchMean = false };

        Assert.Equal(1, options.PaperSearchFor(SearchMode.Lse, 89).LossMeanOver);
        Assert.Equal(1, options.PaperSearchFor(SearchMode.Lae, 900).LossMeanOver);
    }

    [Fact]
    public void AnExplicitMeanOverConflictsWithTheBatchMeanReading()
    {
        var options = new ReproductionOptions { PaperSearch = SearchOptions.Paper with { LossMeanOver = 5 } };

        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("mean-over=5", ex.Message, StringComparison.Ordinal);
        (options with { PaperBatchMean = false }).Validate();
    }
}
