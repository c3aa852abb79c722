using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ExplanationGalleryTests
{
    [Theory]
    [InlineData(1, 2, 3)]
    [InlineData(5, 2, 3)]
    [InlineData(7, 3, 2)]
    [InlineData(250, 2, 1)]
    public void Write_ImageSizeMatchesLayout(int count, int columns, int scale)
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, count).Select(i => Row(i, success: true)).ToList();

        ExplanationGallery.Write(dir.File("g.png"), "test gallery", rows, columns, scale);

        var decoded = TestPngDecoder.DecodeFile(dir.File("g.png"));
        var layout = new GalleryLayout(count, 28, 28, columns, scale, maxRows: 200, panels: 4);
        Assert.Equal((layout.Width, layout.Height), (decoded.Width, decoded.Height));

        // Independent check of the flow: one grid row per `columns` images, capped at 200 images.
        var shown = Math.Min(count, 200);
        var effectiveColumns = Math.Min(columns, shown);
        Assert.Equal((shown + effectiveColumns - 1) / effectiveColumns, layout.GridRows);
        Assert.True(layout.Width >= effectiveColumns * 4 * 28 * scale);
        Assert.True(layout.Height >= layout.GridRows * 28 * scale);
        Assert.Equal(count > 200, layout.FooterHeight > 0);
    }

    [Fact]
    public void Layout_GrowsByOneCellPerExtraGridRow()
    {
        var two = new GalleryLayout(4, 28, 28, 2, 3, 200, 4);
        var three = new GalleryLayout(5, 28, 28, 2, 3, 200, 4);
        Assert.Equal(two.Height + two.CellHeight, three.Height);
        Assert.Equal(two.Width, three.Width);
    }

    [Fact]
    public void FailedRow_IsMarkedInRed_SuccessfulRowIsNot()
    {
        using var dir = new TempDir();
        ExplanationGallery.Write(dir.File("ok.png"), "ok", [Row(1, success: true)]);
        ExplanationGallery.Write(dir.File("bad.png"), "bad", [Row(1, success: false)]);

        Assert.Equal(0, CountFailureRed(TestPngDecoder.DecodeFile(dir.File("ok.png")).Rgb));
        Assert.True(CountFailureRed(TestPngDecoder.DecodeFile(dir.File("bad.png")).Rgb) > 50);
    }

    [Fact]
    public void Write_RejectsMismatchedRows()
    {
        using var dir = new TempDir();
        var good = Row(0, true);
        var shortDelta = good with { Delta = new float[10] };
        var otherSize = good with { Height = 14 };

        Assert.Throws<ArgumentException>(() => ExplanationGallery.Write(dir.File("a.png"), "t", [good, shortDelta]));
        Assert.Throws<ArgumentException>(() => ExplanationGallery.Write(dir.File("b.png"), "t", [good, otherSize]));
    }

    [Fact]
    public void Write_EmptyList_StillWritesAPage()
    {
        using var dir = new TempDir();
        ExplanationGallery.Write(dir.File("e.png"), "nothing yet", []);
        Assert.True(TestPngDecoder.DecodeFile(dir.File("e.png")).Width > 0);
    }

    [Fact]
    public void FromPair_ComputesDelta()
    {
        var row = GalleryRow.FromPair([0.2f, 0.5f], [0.5f, 0.25f], 1, 2, 3, 5, 5, true, "c");
        Assert.Equal(0.3f, row.Delta[0], 5);
        Assert.Equal(-0.25f, row.Delta[1], 5);
    }

    internal static GalleryRow Row(int seed, bool success)
    {
        var random = new Random(seed);
        var original = new float[28 * 28];
        var perturbed = new float[28 * 28];
        for (var i = 0; i < original.Length; i++)
        {
            original[i] = (float)random.NextDouble();
            perturbed[i] = Math.Clamp(original[i] + ((float)random.NextDouble() - 0.5f) * 0.4f, 0f, 1f);
        }

        return GalleryRow.FromPair(original, perturbed, 28, 28, 3, success ? 5 : 3, 5, success, $"#{seed} steps 17 |eps| 0.21");
    }

    private static int CountFailureRed(byte[] rgb)
    {
        var count = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            count += rgb[i] == Rgb.Red.R && rgb[i + 1] == Rgb.Red.G && rgb[i + 2] == Rgb.Red.B ? 1 : 0;
        }

        return count;
    }
}
