using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Tests.Experiments;

/// <summary>The plan's image selection and the aggregates' formulas, on hand-made predictions and outcomes.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ExperimentDefinitionTests
{
    private static readonly int[] Labels = [0, 1, 2, 0, 1, 2, 0];
    private static readonly int[] Predictions = [0, 2, 2, 1, 1, 2, 2];

    [Fact]
    public void LseTakesTheMisclassifiedInOrderAndLaeTheCorrectOnesTowardsEveryOtherClass()
    {
        var lse = ImageSelection.Lse(Predictions, Labels);
        var firstTwo = ImageSelection.Lse(Predictions, Labels, limit: 2);
        var lae = ImageSelection.Lae(Predictions, Labels, images: 2, classes: 3);

        Assert.Equal([1, 3, 6], lse.Select(s => s.ImageRow));
        Assert.All(lse, s => Assert.Equal((s.TrueLabel, s.ImageRow, SearchMode.Lse), (s.Target, (int)s.Id, s.Mode)));
        Assert.Equal([1, 3], firstTwo.Select(s => s.ImageRow));
        Assert.Equal([(0, 1), (0, 2), (2, 0), (2, 1)], lae.Select(s => (s.ImageRow, s.Target)));
        Assert.Equal(ImageSelection.LaeIdOffset + (2 * 3) + 1, lae[3].Id);
        Assert.Equal(lae.Count, lae.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void SelectionRefusesPredictionsThatDoNotMatchTheLabels()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageSelection.Lse([0, 1], Labels));

        Assert.Contains("2 predictions for 7 labels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightedIsSuccessesOverSearchesMacroIsThePairMeanAndStepsCountSuccessesOnly()
    {
        // Pair (0 -> 1): 3 searches, 3 successes; pair (2 -> 1): 1 search, 0 successes.
        SearchOutcome[] outcomes =
        [
            new(SearchMode.Lae, 0, 1, true, 4, 0.5, 0, StopReason.Success),
            new(SearchMode.Lae, 0, 1, true, 6, 1.5, 1, StopReason.Success),
            new(SearchMode.Lae, 0, 1, true, 8, 1.0, 0, StopReason.Success),
            new(SearchMode.Lae, 2, 1, false, 1000, 9.0, 2, StopReason.Budget),
        ];

        var a = ExperimentAggregates.Of("v", SearchMode.Lae, 2, "all", outcomes);

        Assert.Equal((4, 3), (a.Searches, a.Successes));
        Assert.Equal(0.75, a.SuccessRate);
        Assert.Equal(0.5, a.MacroSuccessRate);
        Assert.Equal(6, a.MeanSteps);
        Assert.Equal(1.0, a.MeanEpsNorm);
        Assert.Equal(1.0, a.MedianEpsNorm);
        Assert.Equal([0.5, 0.75, 0.75], a.SuccessAtRestarts);
        Assert.Equal(new TargetSummary(1, 4, 3, 0.75, 1.0), Assert.Single(a.PerTarget));
        Assert.Equal(new Dictionary<string, int> { ["Budget"] = 1, ["Success"] = 3 }, a.StopReasons);
    }

    [Fact]
    public void NoSearchesGiveNoNumbersRatherThanZeros()
    {
        var a = ExperimentAggregates.Of("v", SearchMode.Lse, 2, "all", Array.Empty<SearchOutcome>());

        Assert.True(double.IsNaN(a.SuccessRate) && double.IsNaN(a.MacroSuccessRate) && double.IsNaN(a.MeanSteps));
        Assert.Contains("| LSE  |    2 |        0 |         0 |        - |        - |", ExperimentTable.Format("t", "mnist", [a]), StringComparison.Ordinal);
    }
}
