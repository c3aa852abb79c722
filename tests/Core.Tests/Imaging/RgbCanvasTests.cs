using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class RgbCanvasTests
{
    private static readonly Rgb _background = new(10, 200, 30);

    [Fact]
    public void DrawGray_AtScale2_PlacesClampedValues()
    {
        var canvas = new RgbCanvas(10, 10, _background);
        float[] pixels = [0f, 1f, 0.5f, 2f, -1f, float.NaN]; // 2 rows x 3 columns

        canvas.DrawGray(pixels, height: 2, width: 3, x: 1, y: 2, scale: 2);

        byte[] expected = [0, 255, 128, 255, 0, 0];
        for (var i = 0; i < expected.Length; i++)
        {
            var (col, row) = (i % 3, i / 3);
            for (var dy = 0; dy < 2; dy++)
            {
                for (var dx = 0; dx < 2; dx++)
                {
                    var level = expected[i];
                    Assert.Equal(new Rgb(level, level, level), canvas.GetPixel(1 + (col * 2) + dx, 2 + (row * 2) + dy));
                }
            }
        }

        Assert.Equal(_background, canvas.GetPixel(0, 2));
        Assert.Equal(_background, canvas.GetPixel(7, 2));
        Assert.Equal(_background, canvas.GetPixel(1, 6));
    }

    [Fact]
    public void DrawMinMax_MapsMinToBlackAndMaxToWhite()
    {
        var canvas = new RgbCanvas(3, 1, _background);
        canvas.DrawMinMax([-0.4f, 0.1f, 0.6f], 1, 3, 0, 0, 1);

        Assert.Equal(Rgb.Black, canvas.GetPixel(0, 0));
        Assert.Equal(new Rgb(128, 128, 128), canvas.GetPixel(1, 0));
        Assert.Equal(Rgb.White, canvas.GetPixel(2, 0));
    }

    [Fact]
    public void DrawMinMax_ConstantInput_DrawsMidGray()
    {
        var canvas = new RgbCanvas(2, 1, _background);
        canvas.DrawMinMax([0.3f, 0.3f], 1, 2, 0, 0, 1);
        Assert.Equal(new Rgb(128, 128, 128), canvas.GetPixel(0, 0));
        Assert.Equal(new Rgb(128, 128, 128), canvas.GetPixel(1, 0));
    }

    [Fact]
    public void DrawDiverging_ZeroWhite_PositiveRed_NegativeBlue()
    {
        var canvas = new RgbCanvas(3, 1, _background);
        canvas.DrawDiverging([0f, 0.5f, -0.5f], 1, 3, 0, 0, 1, maxAbs: 0.5f);

        Assert.Equal(Rgb.White, canvas.GetPixel(0, 0));
        var red = canvas.GetPixel(1, 0);
        Assert.True(red.R > 150 && red.B < 80 && red.G < 80, $"positive drew {red}");
        var blue = canvas.GetPixel(2, 0);
        Assert.True(blue.B > 150 && blue.R < 80, $"negative drew {blue}");
    }

    [Fact]
    public void DrawDiverging_AutoRange_SaturatesAtLargestMagnitude()
    {
        var canvas = new RgbCanvas(2, 1, _background);
        canvas.DrawDiverging([0.25f, -0.1f], 1, 2, 0, 0, 1, maxAbs: 0f);
        var full = new RgbCanvas(1, 1, _background);
        full.DrawDiverging([1f], 1, 1, 0, 0, 1, maxAbs: 1f);
        Assert.Equal(full.GetPixel(0, 0), canvas.GetPixel(0, 0));
    }

    [Fact]
    public void DrawImage_WrongLength_Throws()
    {
        var canvas = new RgbCanvas(4, 4, _background);
        Assert.Throws<ArgumentException>(() => canvas.DrawGray(new float[5], 2, 2, 0, 0, 1));
        Assert.Throws<ArgumentException>(() => canvas.DrawMinMax(new float[3], 2, 2, 0, 0, 1));
        Assert.ThrowsAny<ArgumentException>(() => canvas.DrawDiverging(new float[4], 2, 2, 0, 0, 0, 1f));
    }

    [Fact]
    public void DrawText_InksOnlyWithinMeasuredBox()
    {
        const string text = "pred 3 -> 5 |eps| 0.21 7";
        const int scale = 2, x = 3, y = 4;
        var canvas = new RgbCanvas(300, 30, Rgb.White);

        canvas.DrawText(x, y, text, Rgb.Black, scale);

        var width = PixelFont.MeasureWidth(text, scale);
        var height = PixelFont.MeasureHeight(scale);
        var inked = 0;
        for (var py = 0; py < canvas.Height; py++)
        {
            for (var px = 0; px < canvas.Width; px++)
            {
                if (canvas.GetPixel(px, py) == Rgb.White)
                {
                    continue;
                }

                Assert.InRange(px, x, x + width - 1);
                Assert.InRange(py, y, y + height - 1);
                inked++;
            }
        }

        Assert.True(inked > 100, $"only {inked} pixels inked");
        var lastColumnInked = Enumerable.Range(y, height).Any(py => canvas.GetPixel(x + width - 1, py) != Rgb.White);
        Assert.True(lastColumnInked, "the final '7' should reach the measured right edge");
    }

    [Fact]
    public void DrawText_ClipsAtCanvasEdge()
    {
        var canvas = new RgbCanvas(8, 8, Rgb.White);
        canvas.DrawText(-3, 4, "HELLO", Rgb.Black, 3);
        Assert.Equal(8 * 8 * 3, canvas.ToRgbBytes().Length);
    }

    [Fact]
    public void SavePng_WritesDecodableImage()
    {
        using var dir = new TempDir();
        var canvas = new RgbCanvas(5, 4, _background);
        canvas.SetPixel(2, 3, Rgb.Red);

        canvas.SavePng(dir.File("c.png"));

        var decoded = TestPngDecoder.DecodeFile(dir.File("c.png"));
        Assert.Equal((5, 4), (decoded.Width, decoded.Height));
        Assert.Equal(canvas.ToRgbBytes(), decoded.Rgb);
    }
}
