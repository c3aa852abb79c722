using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Tests.Experiments;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SearchPresetsTests
{
    [Fact]
    public void PaperMeanStepsOnThePapersBatchMeanPerMode()
    {
        Assert.Equal(87, SearchPresets.Resolve("paper-mean", "", 0, SearchMode.Lse).LossMeanOver);
        Assert.Equal(90, SearchPresets.Resolve("paper-mean", "", 0, SearchMode.Lae).LossMeanOver);
        Assert.Equal(1, SearchPresets.Resolve("paper", "", 0, SearchMode.Lae).LossMeanOver);
        // Overrides still win, and the seed is the campaign's.
        var overridden = SearchPresets.Resolve("paper-mean", "mean-over=5,budget=20", 3, SearchMode.Lae);
        Assert.Equal((5, 20, 3), (overridden.LossMeanOver, overridden.MaxSteps, overridden.Seed));
    }

    [Fact]
    public void PaperMeanOfAnExperimentIsWhatTheReproductionUses()
    {
        var reproduction = new ReproductionOptions();
        foreach (int searches in new[] { 9, 27, 450, 900 })
        {
            Assert.Equal(reproduction.PaperSearchFor(SearchMode.Lae, searches), SearchPresets.Resolve("paper-mean", "", 0, SearchMode.Lae, searches));
            Assert.Equal(reproduction.PaperSearchFor(SearchMode.Lse, searches), SearchPresets.Resolve("paper-mean", "", 0, SearchMode.Lse, searches));
        }

        Assert.Equal(3, SearchPresets.Resolve("paper-mean", "", 0, SearchMode.Lae, 27).LossMeanOver);
    }

    [Fact]
    public void UnknownPresetNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => SearchPresets.Resolve("magic", "", 0, SearchMode.Lse));

        Assert.Contains("'magic'", error.Message, StringComparison.Ordinal);
        Assert.Contains("paper-mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvedOptionsSurviveTheirStoredForm()
    {
        var improved = SearchPresets.Resolve("improved", "max-step=none,restarts=4", 7, SearchMode.Lae);
        string json = StoredOptions.Serialize(improved);

        Assert.Equal(improved, StoredOptions.Search(json));
        Assert.Contains("\"restartProbes\":32", json, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => StoredOptions.Search(json.Replace("\"stepSize\":0.1", "\"stepSize\":-1", StringComparison.Ordinal)));
        Assert.Contains("StepSize", bad.Message, StringComparison.Ordinal);
    }
}
