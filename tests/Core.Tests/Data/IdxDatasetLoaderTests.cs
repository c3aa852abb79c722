using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Core.Tests.Data;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class IdxDatasetLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LoadsRawDatasetWithContentsAndChecksums()
    {
        IdxFixtures.WriteDataset(_temp.Path, trainCount: 5, testCount: 3, height: 4, width: 3);

        var splits = IdxDatasetLoader.Load(_temp.Path, "tiny");

        Assert.Equal("tiny", splits.Name);
        Assert.Equal(5, splits.Train.Count);
        Assert.Equal(3, splits.Test.Count);
        Assert.Equal((4, 3), (splits.Train.Height, splits.Train.Width));
        Assert.Equal(10, splits.Train.ClassCount);
        Assert.Equal(IdxFixtures.Pattern(60), splits.Train.Pixels);
        Assert.Equal(IdxFixtures.Pattern(3, 10, seed: 3), splits.Test.Labels);
        foreach (var file in IdxDatasetLoader.FileNames)
        {
            Assert.Equal(IdxReader.ContentSha256(_temp.File(file)), splits.FileChecksums[file]);
        }

        var concatenated = string.Concat(IdxDatasetLoader.FileNames.Select(f => splits.FileChecksums[f]));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(concatenated))), splits.Checksum);
    }

    [Fact]
    public void GzipAndDottedNamesGiveTheSameChecksumAsRaw()
    {
        var raw = _temp.File("raw-set");
        var gz = _temp.File("gz-set");
        IdxFixtures.WriteDataset(raw);
        IdxFixtures.WriteDataset(gz, gzip: true, dotted: true);

        var fromRaw = IdxDatasetLoader.Load(raw, "a");
        var fromGz = IdxDatasetLoader.Load(gz, "b");

        Assert.Equal(fromRaw.Checksum, fromGz.Checksum);
        Assert.Equal(fromRaw.Train.Pixels, fromGz.Train.Pixels);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("MNIST/raw")]
    public void FindsFilesInSubfolderLayouts(string subfolder)
    {
        IdxFixtures.WriteDataset(_temp.File(subfolder), gzip: true);

        var splits = IdxDatasetLoader.Load(_temp.Path, "mnist");

        Assert.Equal(5, splits.Train.Count);
    }

    [Fact]
    public void MissingFileNamesDirectoryAndFile()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        File.Delete(_temp.File("t10k-labels-idx1-ubyte"));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains(_temp.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing t10k-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("train-images", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectoryIsNamed()
    {
        var dir = _temp.File("nowhere");

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(dir, "tiny"));

        Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageLabelCountMismatchNamesBothFilesAndCounts()
    {
        IdxFixtures.WriteDataset(_temp.Path, trainCount: 5);
        IdxFixtures.Write(_temp.File("train-labels-idx1-ubyte"), IdxFixtures.Build([4], IdxFixtures.Pattern(4, 10)));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains("train-images-idx3-ubyte' holds 5 images", ex.Message, StringComparison.Ordinal);
        Assert.Contains("train-labels-idx1-ubyte' holds 4 labels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutOfRangeNamesFileIndexAndValue()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        IdxFixtures.Write(_temp.File("t10k-labels-idx1-ubyte"), IdxFixtures.Build([3], [1, 2, 12]));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains("t10k-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label 12 at index 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesMustBeThreeDimensional()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        IdxFixtures.Write(_temp.File("train-images-idx3-ubyte"), IdxFixtures.Build([5, 12], IdxFixtures.Pattern(60)));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains("train-images-idx3-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 dimensions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsMustBeOneDimensional()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        IdxFixtures.Write(_temp.File("t10k-labels-idx1-ubyte"), IdxFixtures.Build([3, 1], [1, 2, 3]));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains("t10k-labels-idx1-ubyte", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has 2 dimensions", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainAndTestImageSizesMustAgree()
    {
        IdxFixtures.WriteDataset(_temp.Path, height: 4, width: 3);
        IdxFixtures.Write(_temp.File("t10k-images-idx3-ubyte"), IdxFixtures.Build([3, 3, 4], IdxFixtures.Pattern(36)));

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.Contains("train-images-idx3-ubyte' are 4x3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("t10k-images-idx3-ubyte' are 3x4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedChecksumMismatchNamesFileExpectedAndActual()
    {
        IdxFixtures.WriteDataset(_temp.Path, gzip: true);
        var actual = IdxReader.ContentSha256(_temp.File("train-labels-idx1-ubyte.gz"));
        var pins = new Dictionary<string, string> { ["train-labels-idx1-ubyte"] = new string('a', 64) };

        var ex = Assert.Throws<DatasetException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny", pins));

        Assert.Contains("train-labels-idx1-ubyte.gz", ex.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {new string('a', 64)}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"actual {actual}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MatchingPinsLoad()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        var pins = IdxDatasetLoader.FileNames.ToDictionary(f => f, f => IdxReader.ContentSha256(_temp.File(f)).ToUpperInvariant());

        var splits = IdxDatasetLoader.Load(_temp.Path, "tiny", pins);

        Assert.Equal(pins.Count, splits.FileChecksums.Count);
    }

    [Fact]
    public void UnknownPinnedFileNameIsRejected()
    {
        IdxFixtures.WriteDataset(_temp.Path);
        var pins = new Dictionary<string, string> { ["train-images-idx3-ubyte.gz"] = new string('a', 64) };

        var ex = Assert.Throws<ArgumentException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny", pins));

        Assert.Contains("train-images-idx3-ubyte.gz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedFileInDatasetRaisesIdxFormatException()
    {
        IdxFixtures.WriteDataset(_temp.Path, gzip: true);
        IdxFixtures.CorruptGzip(_temp.File("t10k-images-idx3-ubyte.gz"));

        var ex = Assert.Throws<IdxFormatException>(() => IdxDatasetLoader.Load(_temp.Path, "tiny"));

        Assert.EndsWith("t10k-images-idx3-ubyte.gz", ex.FilePath, StringComparison.Ordinal);
    }
}
