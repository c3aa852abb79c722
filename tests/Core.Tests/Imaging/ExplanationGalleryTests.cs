using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using SkiaSharp;

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

        using var decoded = SKBitmap.Decode(dir.File("g.png"));
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

    // Each panel holds the image's own values, pixel for pixel: x and x' as grey (or RGB) levels, x' - x min-max normalised.
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Panels_ShowTheImagesValues(int channels)
    {
        var shape = new ImageShape(channels, 6, 5);
        var random = new Random(channels);
        var original = Enumerable.Range(0, shape.Values).Select(_ => (float)random.NextDouble()).ToArray();
        var perturbed = original.Select(v => Math.Clamp(v + ((float)random.NextDouble() - 0.5f), 0, 1)).ToArray();
        var row = GalleryRow.FromPair(original, perturbed, shape, 0, 1, 1, true, "c");
        const int scale = 4;

        using var bitmap = ExplanationGallery.Render("values", [row], columns: 1, scale: scale);

        var layout = new GalleryLayout(1, shape.Height, shape.Width, 1, scale, 200, 4);
        var (x, y) = layout.CellOrigin(0);
        int top = y + (2 * layout.LineHeight);
        float min = row.Delta.Min(), max = row.Delta.Max();
        int plane = shape.Height * shape.Width;
        for (int i = 0; i < plane; i++)
        {
            int px = (i % shape.Width * scale) + 1, py = top + (i / shape.Width * scale) + 2;
            Assert.Equal(Expected(original, i), bitmap.GetPixel(layout.PanelLeft(x, 0) + px, py));
            Assert.Equal(Expected(perturbed, i), bitmap.GetPixel(layout.PanelLeft(x, 2) + px, py));
            Assert.Equal(Expected(row.Delta.Select(v => (v - min) / (max - min)).ToArray(), i), bitmap.GetPixel(layout.PanelLeft(x, 1) + px, py));
        }

        SKColor Expected(float[] values, int i)
        {
            byte Level(int c) => (byte)Math.Clamp(MathF.Round(values[(c * plane) + i] * 255), 0, 255);
            return channels == 1 ? new SKColor(Level(0), Level(0), Level(0)) : new SKColor(Level(0), Level(1), Level(2));
        }
    }

    [Fact]
    public void FailedRow_IsMarkedInRed_SuccessfulRowIsNot()
    {
        using var ok = ExplanationGallery.Render("ok", [Row(1, success: true)]);
        using var bad = ExplanationGallery.Render("bad", [Row(1, success: false)]);

        Assert.Equal(0, Count(ok, ExplanationGallery.FailureRed));
        Assert.True(Count(bad, ExplanationGallery.FailureRed) > 50);
    }

    // The font is embedded: text is drawn on any host, and the same rows give the same bytes.
    [Fact]
    public void TextIsDrawnAndRenderingIsDeterministic()
    {
        using var dir = new TempDir();
        var rows = Enumerable.Range(0, 3).Select(i => Row(i, success: i != 1)).ToList();
        ExplanationGallery.Write(dir.File("a.png"), "LSE d=2 paper-gd", rows);
        ExplanationGallery.Write(dir.File("b.png"), "LSE d=2 paper-gd", rows);
        ExplanationGallery.Write(dir.File("c.png"), "LSE d=2 paper-gd", rows, classNames: ["zero", "one", "two", "three", "four", "five"]);

        Assert.Equal(File.ReadAllBytes(dir.File("a.png")), File.ReadAllBytes(dir.File("b.png")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.png")), File.ReadAllBytes(dir.File("c.png")));
        using var bitmap = SKBitmap.Decode(dir.File("a.png"));
        var layout = new GalleryLayout(3, 28, 28, 2, 3, 200, 4);
        int dark = 0;
        for (int y = GalleryLayout.Margin; y < layout.GridTop - layout.HeaderHeight; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                dark += bitmap.GetPixel(x, y).Red < 100 ? 1 : 0;
            }
        }

        Assert.True(dark > 200, $"the title area has {dark} dark pixels: no text was drawn");
    }

    [Fact]
    public void Write_RejectsMismatchedRows()
    {
        using var dir = new TempDir();
        var good = Row(0, true);
        var shortDelta = good with { Delta = new float[10] };
        var otherSize = good with { Shape = new ImageShape(1, 14, 56) };
        var twoChannels = good with { Shape = new ImageShape(2, 14, 28) };

        Assert.Throws<ArgumentException>(() => ExplanationGallery.Write(dir.File("a.png"), "t", [good, shortDelta]));
        Assert.Throws<ArgumentException>(() => ExplanationGallery.Write(dir.File("b.png"), "t", [good, otherSize]));
        Assert.Throws<ArgumentException>(() => ExplanationGallery.Write(dir.File("c.png"), "t", [twoChannels]));
        Assert.False(File.Exists(dir.File("a.png")));
    }

    [Fact]
    public void Write_EmptyList_StillWritesAPage()
    {
        using var dir = new TempDir();
        ExplanationGallery.Write(dir.File("e.png"), "nothing yet", []);
        using var bitmap = SKBitmap.Decode(dir.File("e.png"));
        Assert.True(bitmap.Width > 0);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void FromPair_ComputesDelta()
    {
        var row = GalleryRow.FromPair([0.2f, 0.5f], [0.5f, 0.25f], new ImageShape(1, 1, 2), 3, 5, 5, true, "c");
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

        return GalleryRow.FromPair(original, perturbed, ImageShape.Mnist, 3, success ? 5 : 3, 5, success, $"#{seed} steps 17 |eps| 0.21");
    }

    private static int Count(SKBitmap bitmap, SKColor color)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                count += bitmap.GetPixel(x, y) == color ? 1 : 0;
            }
        }

        return count;
    }
}
