using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Tests.Experiments;

/// <summary>Known datasets carry their class names, and the paper's column appears only for the dataset it has figures for.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DatasetClassNamesTests
{
    [Fact]
    public void KnownDatasetsNameTheirClassesAndDirectoriesDoNot()
    {
        Assert.Equal("T-shirt/top", KnownDatasets.ClassNames("fashion-mnist")![0]);
        Assert.Equal("Ankle boot", KnownDatasets.ClassNames("Fashion-MNIST")![9]);
        Assert.Equal("7", KnownDatasets.ClassNames("mnist")![7]);
        Assert.Null(KnownDatasets.ClassNames("/data/my-idx-files"));
        var splits = new DatasetSplits("fashion-mnist", new ImageSet("train", 1, 1, [0], [0]), new ImageSet("test", 1, 1, [0], [0]), "", new Dictionary<string, string>());
        Assert.Equal(10, splits.ClassNames!.Count);
    }

    [Fact]
    public void ThePapersColumnIsThereForMnistOnly()
    {
        var a = ExperimentAggregates.Of("improved", SearchMode.Lse, 2, "all", [new SearchOutcome(SearchMode.Lse, 3, 3, true, 4, 0.2, 0)]);

        string mnist = ExperimentTable.Format("t", "mnist", [a]);
        string fashion = ExperimentTable.Format("t", "fashion-mnist", [a]);

        Assert.Contains("| Paper ", mnist, StringComparison.Ordinal);
        Assert.Contains("78.16 %", mnist, StringComparison.Ordinal);
        Assert.DoesNotContain("Paper", fashion, StringComparison.Ordinal);
        Assert.DoesNotContain("78.16", fashion, StringComparison.Ordinal);
        // Same rows otherwise: every line of the fashion table is the start of the MNIST table's line.
        Assert.All(fashion.Split('\n').Zip(mnist.Split('\n')).Skip(1).Take(3), pair => Assert.StartsWith(pair.First.TrimEnd('\r'), pair.Second, StringComparison.Ordinal));
    }
}
