using System.Security.Cryptography;
using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Core.Tests.Data;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class IdxReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ReadsRawFileExactly()
    {
        var data = IdxFixtures.Pattern(24);
        var path = IdxFixtures.Write(_temp.File("a-idx3-ubyte"), IdxFixtures.Build([2, 3, 4], data));

        var array = IdxReader.Read(path);

        Assert.Equal([2, 3, 4], array.Dimensions);
        Assert.Equal(data, array.Data);
    }

    [Fact]
    public void ReadsGzipByMagicBytesNotExtension()
    {
        var data = IdxFixtures.Pattern(10, 10);
        var gzNoExtension = IdxFixtures.Write(_temp.File("labels"), IdxFixtures.Build([10], data), gzip: true);
        var rawWithGzExtension = IdxFixtures.Write(_temp.File("labels-raw.gz"), IdxFixtures.Build([10], data));

        Assert.Equal(data, IdxReader.Read(gzNoExtension).Data);
        Assert.Equal([10], IdxReader.Read(gzNoExtension).Dimensions);
        Assert.Equal(data, IdxReader.Read(rawWithGzExtension).Data);
    }

    [Fact]
    public void ReadsGzipLargerThanOneBufferStep()
    {
        // Exercises the growing buffer used for gzip content.
        var data = IdxFixtures.Pattern((20 * 1024 * 1024) + 5);
        var path = IdxFixtures.Write(_temp.File("big.gz"), IdxFixtures.Build([data.Length], data), gzip: true);

        Assert.Equal(data, IdxReader.Read(path).Data);
    }

    [Fact]
    public void ContentChecksumIsEqualForRawAndGzip()
    {
        var bytes = IdxFixtures.Build([2, 2, 2], IdxFixtures.Pattern(8));
        var raw = IdxFixtures.Write(_temp.File("x-idx3-ubyte"), bytes);
        var gz = IdxFixtures.Write(_temp.File("x-idx3-ubyte.gz"), bytes, gzip: true);

        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(expected, IdxReader.ContentSha256(raw));
        Assert.Equal(expected, IdxReader.ContentSha256(gz));
        Assert.Equal(expected, IdxReader.ReadWithSha256(gz).Sha256);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsWrongMagic(bool gzip)
    {
        var path = IdxFixtures.Write(_temp.File("magic.bin"), IdxFixtures.Build([1], [0], magic0: 0x12, magic1: 0x34), gzip);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Equal(path, ex.FilePath);
        Assert.Contains("magic.bin", ex.Message, StringComparison.Ordinal);
        Assert.Contains("magic", ex.Message.Replace("magic.bin", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("0x12 0x34", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsWrongElementTypeAndSaysWhichItFound()
    {
        var path = IdxFixtures.Write(_temp.File("floats.idx"), IdxFixtures.Build([2], new byte[8], elementType: 0x0D));

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("floats.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("element type 0x0D", ex.Message, StringComparison.Ordinal);
        Assert.Contains("float32", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void RejectsDimensionCountOutOfRange(int rank)
    {
        var dims = Enumerable.Repeat(1u, rank).ToArray();
        var path = IdxFixtures.Write(_temp.File("rank.idx"), IdxFixtures.Build(dims, [0]));

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("rank.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"dimension count {rank}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsZeroDimension()
    {
        var path = IdxFixtures.Write(_temp.File("zero.idx"), IdxFixtures.Build([3u, 0u, 2u], []));

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("zero.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dimension 1 is 0", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsAbsurdDimensionsWithoutAllocating(bool gzip)
    {
        var path = IdxFixtures.Write(_temp.File("huge.idx"), IdxFixtures.Build([0xFFFFFFFFu, 0xFFFFFFFFu], [1, 2, 3]), gzip);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("huge.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4294967295", ex.Message, StringComparison.Ordinal);
        Assert.Contains("more than", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTruncatedDataSayingExpectedAndActual(bool gzip)
    {
        var full = IdxFixtures.Build([3, 4], IdxFixtures.Pattern(12));
        var path = IdxFixtures.Write(_temp.File("short.idx"), full[..^5], gzip);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("short.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("promises 12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("only 7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(9)]
    public void RejectsTruncatedHeader(int length)
    {
        var full = IdxFixtures.Build([3, 4], IdxFixtures.Pattern(12));
        var path = IdxFixtures.Write(_temp.File("header.idx"), full[..length]);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("header.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated header", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RejectsTrailingBytes(bool gzip)
    {
        byte[] bytes = [.. IdxFixtures.Build([4], [1, 2, 3, 4]), 9, 9, 9];
        var path = IdxFixtures.Write(_temp.File("long.idx"), bytes, gzip);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("long.idx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 unexpected trailing bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsCorruptGzip()
    {
        var path = IdxFixtures.Write(_temp.File("bad.gz"), IdxFixtures.Build([4], [1, 2, 3, 4]), gzip: true);
        IdxFixtures.CorruptGzip(path);

        var read = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));
        var hash = Assert.Throws<IdxFormatException>(() => IdxReader.ContentSha256(path));

        Assert.Contains("bad.gz", read.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt gzip", read.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt gzip", hash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsCutOffGzipStream()
    {
        var gz = IdxFixtures.Gzip(IdxFixtures.Build([4000], IdxFixtures.Pattern(4000)));
        var path = IdxFixtures.Write(_temp.File("cut.gz"), gz[..(gz.Length / 2)]);

        var ex = Assert.Throws<IdxFormatException>(() => IdxReader.Read(path));

        Assert.Contains("cut.gz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.Read(_temp.File("absent")));
    }
}
