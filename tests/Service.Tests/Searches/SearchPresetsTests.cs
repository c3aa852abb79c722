using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Searches;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SearchPresetsTests
{
    [Fact]
    public void PaperMeanStepsOnThePapersBatchMeanPerMode()
    {
        Assert.Equal(87, SearchPresets.Resolve("paper-mean", "", 0, CampaignMode.Lse).LossMeanOver);
        Assert.Equal(90, SearchPresets.Resolve("paper-mean", "", 0, CampaignMode.Lae).LossMeanOver);
        Assert.Equal(1, SearchPresets.Resolve("paper", "", 0, CampaignMode.Lae).LossMeanOver);
        // Overrides still win, and the seed is the campaign's.
        var overridden = SearchPresets.Resolve("paper-mean", "mean-over=5,budget=20", 3, CampaignMode.Lae);
        Assert.Equal((5, 20, 3), (overridden.LossMeanOver, overridden.MaxSteps, overridden.Seed));
    }

    [Fact]
    public void UnknownPresetNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SearchPresets.Resolve("magic", "", 0));

        Assert.Contains("'magic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("paper-mean", error.Message, StringComparison.Ordinal);
    }
}
