using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class PixelFontTests
{
    [Fact]
    public void CoversRequiredCharacters()
    {
        const string required = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz :.,-+=|/()%#>_'";
        Assert.All(required, c => Assert.True(PixelFont.Covers(c), $"missing glyph '{c}'"));
    }

    [Theory]
    [InlineData("", 1, 0)]
    [InlineData("A", 1, 5)]
    [InlineData("AB", 1, 11)]
    [InlineData("AB", 3, 33)]
    public void MeasureWidth_IsAdvanceTimesLengthMinusGap(string text, int scale, int expected)
    {
        Assert.Equal(expected, PixelFont.MeasureWidth(text, scale));
    }

    [Fact]
    public void DistinctCharactersHaveDistinctGlyphs()
    {
        const string chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:.,-+=|/()%#>_'";
        var glyphs = chars.Select(c => Convert.ToHexString(PixelFont.GetRows(c))).ToList();
        Assert.Equal(glyphs.Count, glyphs.Distinct().Count());
    }
}
