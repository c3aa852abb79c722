using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

public sealed class LinePlotTests
{
    [Fact]
    public void SavePng_HasRequestedSizeAndDrawsSeriesColors()
    {
        using var dir = new TempDir();
        var series = new Rgb(200, 40, 160);
        var plot = new LinePlot("loss", "epoch", "loss")
            .Add("train", [2.3, 1.1, 0.6, 0.4, 0.35], series)
            .Add("test", [(0, 2.4), (2, 0.8), (4, double.NaN)]);

        plot.SavePng(dir.File("p.png"), 400, 250);

        var (width, height, rgb) = TestPngDecoder.DecodeFile(dir.File("p.png"));
        Assert.Equal((400, 250), (width, height));
        var hits = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            hits += rgb[i] == series.R && rgb[i + 1] == series.G && rgb[i + 2] == series.B ? 1 : 0;
        }

        Assert.True(hits > 100, $"series color drawn {hits} times");
    }

    [Fact]
    public void Render_EmptyOrFlatData_DoesNotThrow()
    {
        Assert.Equal(200, new LinePlot("empty").Render(200, 150).Width);
        Assert.Equal(200, new LinePlot("flat").Add("c", [1.0, 1.0, 1.0]).Render(200, 150).Width);
    }

    [Fact]
    public void Ticks_AreNiceAndCoverTheData()
    {
        var (ticks, step) = PlotTicks.Nice([0.03, 0.97]);
        Assert.Equal(0.2, step, 10);
        Assert.Equal(0, ticks[0], 10);
        Assert.Equal(1, ticks[^1], 10);
        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1.0"], ticks.Select(t => PlotTicks.Format(t, step)));
    }
}
