using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class PngEncoderTests
{
    [Fact]
    public void EncodeThenDecode_RoundTripsPixels()
    {
        const int width = 7, height = 5;
        var rgb = new byte[width * height * 3];
        new Random(42).NextBytes(rgb);

        var png = PngEncoder.EncodeRgb(width, height, rgb);
        var decoded = TestPngDecoder.Decode(png);

        Assert.Equal(width, decoded.Width);
        Assert.Equal(height, decoded.Height);
        Assert.Equal(rgb, decoded.Rgb);
    }

    [Fact]
    public void Encode_StartsWithPngSignature()
    {
        var png = PngEncoder.EncodeRgb(1, 1, [1, 2, 3]);
        Assert.Equal(TestPngDecoder.Signature, png.AsSpan(0, 8).ToArray());
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(1, 0, 0)]
    [InlineData(-2, 1, 6)]
    [InlineData(2, 2, 11)]
    [InlineData(2, 2, 13)]
    public void Encode_BadSizes_Throw(int width, int height, int bytes)
    {
        Assert.ThrowsAny<ArgumentException>(() => PngEncoder.EncodeRgb(width, height, new byte[bytes]));
    }

    [Fact]
    public void WriteRgb_CreatesFolder_ReplacesFile_LeavesNoTempFiles()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "sub", "img.png");

        PngEncoder.WriteRgb(path, 1, 1, [9, 9, 9]);
        PngEncoder.WriteRgb(path, 2, 1, [1, 2, 3, 4, 5, 6]);

        var decoded = TestPngDecoder.DecodeFile(path);
        Assert.Equal(2, decoded.Width);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, decoded.Rgb);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
