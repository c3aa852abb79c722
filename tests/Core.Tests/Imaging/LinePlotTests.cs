using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
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

    // A flat series has no y range to scale to: it must still be drawn, as one horizontal line across the plot.
    [Fact]
    public void Render_FlatDataDrawsAHorizontalLine()
    {
        var series = new Rgb(200, 40, 160);
        var canvas = new LinePlot("flat").Add("c", [1.0, 1.0, 1.0], series).Render(200, 150);

        var hits = (from y in Enumerable.Range(0, canvas.Height) from x in Enumerable.Range(0, canvas.Width) where canvas.GetPixel(x, y) == series select (x, y)).ToList();
        // (The legend's swatch has the series colour too, elsewhere.)
        var longestRow = hits.GroupBy(h => h.y).MaxBy(g => g.Count())!;
        Assert.True(longestRow.Count() > 100, $"no row holds the flat line: at most {longestRow.Count()} pixels of its colour in one row");
    }

    [Fact]
    public void Render_EmptyPlotDrawsNoSeries()
    {
        var canvas = new LinePlot("empty").Render(200, 150);
        var withSeries = new LinePlot("empty").Add("c", [0.0, 1.0]).Render(200, 150);

        Assert.Equal((200, 150), (canvas.Width, canvas.Height));
        int differing = (from y in Enumerable.Range(0, 150) from x in Enumerable.Range(0, 200) where canvas.GetPixel(x, y) != withSeries.GetPixel(x, y) select 1).Count();
        Assert.True(differing > 50, "an empty plot looks like one with a series");
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
