using System.Formats.Tar;
using System.IO.Compression;
using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Core.Tests.Data;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DatasetCatalogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Cache => _temp.File("cache");

    [Fact]
    public void LoadsADirectoryStructurally()
    {
        var dir = _temp.File("my-set");
        IdxFixtures.WriteDataset(dir, gzip: true);

        var splits = new DatasetCatalog(Cache).Load(dir);

        Assert.Equal("my-set", splits.Name);
        Assert.Equal("my-set/train", splits.Train.Name);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void UnknownDatasetIsExplained()
    {
        var ex = Assert.Throws<DatasetException>(() => new DatasetCatalog(Cache).Load("cifar-10"));

        Assert.Contains("cifar-10", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mnist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CachedMnistIsVerifiedAgainstThePins()
    {
        // Fixture files where the cache expects MNIST: the pins must reject them, without any download.
        IdxFixtures.WriteDataset(Path.Combine(Cache, "mnist"));

        var ex = Assert.Throws<DatasetException>(() => new DatasetCatalog(Cache).Load("mnist"));

        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains(KnownDatasets.MnistChecksums["train-images-idx3-ubyte"], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FetchIsPublishedOnceVerifiedAndReused()
    {
        var logs = new List<string>();
        var catalog = new DatasetCatalog(Cache, logs.Add);
        var pins = FixturePins();
        var fetches = 0;

        var first = catalog.LoadCached("toy", pins, (work, data) =>
        {
            fetches++;
            IdxFixtures.WriteDataset(data, gzip: true);
        });
        var second = catalog.LoadCached("toy", pins, (_, _) => fetches++);

        Assert.Equal(1, fetches);
        Assert.Equal(first.Checksum, second.Checksum);
        Assert.Equal(["toy"], Directory.GetDirectories(Cache).Select(Path.GetFileName));
        Assert.Contains(logs, l => l.Contains("Using cached toy", StringComparison.Ordinal));
    }

    [Fact]
    public void FailedFetchLeavesNothingBehind()
    {
        var catalog = new DatasetCatalog(Cache);

        Assert.Throws<DatasetException>(() => catalog.LoadCached("toy", FixturePins(), (_, data) =>
        {
            IdxFixtures.WriteDataset(data);
            throw new DatasetException("network down");
        }));

        Assert.Empty(Directory.GetFileSystemEntries(Cache));
    }

    [Fact]
    public void FetchFailingThePinsIsNotPublished()
    {
        var catalog = new DatasetCatalog(Cache);

        var ex = Assert.Throws<DatasetException>(() => catalog.LoadCached("toy", FixturePins(), (_, data) =>
            IdxFixtures.WriteDataset(data, trainCount: 6)));

        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Cache));
    }

    [Fact]
    public void IncompleteCacheFolderIsReportedNotOverwritten()
    {
        IdxFixtures.WriteDataset(Path.Combine(Cache, "toy"));
        File.Delete(Path.Combine(Cache, "toy", "train-labels-idx1-ubyte"));

        var ex = Assert.Throws<DatasetException>(() => new DatasetCatalog(Cache).LoadCached("toy", FixturePins(), (_, _) => { }));

        Assert.Contains("train-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("delete it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(Cache, "toy")).Length);
    }

    [Fact]
    public void ExtractsOnlyFlatPackageDataEntries()
    {
        var tarball = _temp.File("pkg.tgz");
        using (var file = File.Create(tarball))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var name in new[] { "package/data/a-idx1-ubyte", "package/data/sub/b", "package/README.md", "package/data/../../evil" })
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream([1, 2, 3]) });
            }
        }

        var data = _temp.File("out");
        Directory.CreateDirectory(data);
        DatasetCatalog.ExtractPackageData(tarball, data);

        Assert.Equal(["a-idx1-ubyte"], Directory.GetFileSystemEntries(data).Select(Path.GetFileName));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(data, "a-idx1-ubyte")));
    }

    [Fact]
    public void KnownPinsAreLowercaseSha256ForEveryFile()
    {
        foreach (var pins in new[] { KnownDatasets.MnistChecksums, KnownDatasets.FashionMnistChecksums })
        {
            Assert.Equal(IdxDatasetLoader.FileNames.Order(), pins.Keys.Order());
            Assert.All(pins.Values, v => Assert.Matches("^[0-9a-f]{64}$", v));
        }
    }

    private Dictionary<string, string> FixturePins()
    {
        var reference = _temp.File("reference");
        IdxFixtures.WriteDataset(reference);
        return IdxDatasetLoader.FileNames.ToDictionary(f => f, f => IdxReader.ContentSha256(Path.Combine(reference, f)));
    }
}
