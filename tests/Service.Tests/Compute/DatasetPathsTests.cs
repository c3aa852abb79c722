using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Compute;

namespace Orleans.Lse.Service.Tests.Compute;

/// <summary>Datasets resolve on the silo, inside its roots; nothing outside them is looked at or named.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DatasetPathsTests : IDisposable
{
    private readonly string _top = Path.Combine(Path.GetTempPath(), "lse-dataset-paths-" + Guid.NewGuid().ToString("N")[..8]);

    private string Root => Path.Combine(_top, "datasets");

    private string Extra => Path.Combine(_top, "extra");

    private string Outside => Path.Combine(_top, "outside");

    public DatasetPathsTests()
    {
        foreach (var directory in new[] { Path.Combine(Root, "mine"), Path.Combine(Extra, "theirs"), Path.Combine(Outside, "secret") })
        {
            Directory.CreateDirectory(directory);
        }
    }

    [Fact]
    public void KnownNamesRelativePathsAndExtraRootsResolve()
    {
        var paths = Paths();

        Assert.Equal("mnist", paths.Resolve("mnist"));
        Assert.Equal("Fashion-MNIST", paths.Resolve("Fashion-MNIST"));
        Assert.Equal(Path.Combine(Root, "mine"), paths.Resolve("mine"));
        Assert.Equal(Path.Combine(Root, "mine"), paths.Resolve("./mine/../mine"));
        Assert.Equal(Path.Combine(Extra, "theirs"), paths.Resolve(Path.Combine(Extra, "theirs")));
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/no/such/place")]
    [InlineData("../outside/secret")]
    [InlineData("../outside/missing")]
    [InlineData("mine/../../outside/secret")]
    [InlineData("../datasets-evil")]
    public void PathsOutsideTheRootsAreRefusedWithTheSameWordsWhetherOrNotTheyExist(string dataset)
    {
        var error = Assert.Throws<DatasetException>(() => Paths().Resolve(dataset));

        Assert.Contains("is outside the silo's dataset roots", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("no such", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALinkInsideARootThatLeadsOutIsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(Root, "link-out"), Path.Combine(Outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "link-in"), Path.Combine(Extra, "theirs"));

        var error = Assert.Throws<DatasetException>(() => Paths().Resolve("link-out"));

        Assert.Contains("is outside the silo's dataset roots", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(Root, "link-in"), Paths().Resolve("link-in"));
    }

    [Fact]
    public void LinksFurtherUpThePathOrOnTheFilesThatLeadOutAreRefused()
    {
        Directory.CreateDirectory(Path.Combine(Outside, "secret", "sub"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "up"), Path.Combine(Outside, "secret"));
        File.WriteAllText(Path.Combine(Outside, "secret", "labels"), "not yours");
        File.CreateSymbolicLink(Path.Combine(Root, "mine", "train-labels-idx1-ubyte"), Path.Combine(Outside, "secret", "labels"));

        Assert.Contains("is outside the silo's dataset roots", Assert.Throws<DatasetException>(() => Paths().Resolve("up/sub")).Message, StringComparison.Ordinal);
        Assert.Contains("is outside the silo's dataset roots", Assert.Throws<DatasetException>(() => Paths().Resolve("mine")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARootReachedThroughALinkStillHoldsItsDatasets()
    {
        string linkedRoot = Path.Combine(_top, "linked-root");
        Directory.CreateSymbolicLink(linkedRoot, Extra);
        var paths = new DatasetPaths(Options.Create(new LseClusterOptions { DataDirectory = _top, DatasetDirectory = Root, DatasetRoots = [linkedRoot] }));

        Assert.Equal(Path.Combine(linkedRoot, "theirs"), paths.Resolve(Path.Combine(linkedRoot, "theirs")));
    }

    [Fact]
    public void AMissingDirectoryInsideARootIsNamed()
    {
        var error = Assert.Throws<DatasetException>(() => Paths().Resolve("not-there"));

        Assert.Contains("'not-there': no such directory", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_top, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private DatasetPaths Paths() => new(Options.Create(new LseClusterOptions { DataDirectory = _top, DatasetDirectory = Root, DatasetRoots = [Extra] }));
}
