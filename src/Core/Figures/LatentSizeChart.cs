using ScottPlot;
using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Success rate and mean ||eps|| against the latent size d, a line per (mode, variant), with published figures (the
/// paper's) as star markers: the paper's central comparison, side by side in one PNG.
/// </summary>
public static class LatentSizeChart
{
    /// <summary>One line's point: (series, d, success rate, mean ||eps||).</summary>
    public sealed record Point(string Series, int LatentSize, double SuccessRate, double MeanEpsNorm);

    /// <summary>Writes the two charts; <paramref name="published"/> holds the reference points (empty: none drawn).</summary>
    public static void Save(string path, string title, IReadOnlyList<Point> measured, IReadOnlyList<Point> published, int width = 1100, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(published);
        using var rate = Render(title + ": success rate", "success rate (%)", measured, published, p => p.SuccessRate * 100, width / 2, height);
        using var eps = Render(title + ": mean ||eps|| of successes", "mean ||eps||", measured, published, p => p.MeanEpsNorm, width / 2, height);
        Imaging.PanelRow.Save(path, rate, eps);
    }

    private static SKBitmap Render(string title, string yLabel, IReadOnlyList<Point> measured, IReadOnlyList<Point> published, Func<Point, double> value, int width, int height)
    {
        var plot = FigureFonts.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var series = measured.Select(p => p.Series).Distinct().ToList();
        for (int i = 0; i < series.Count; i++)
        {
            var points = measured.Where(p => p.Series == series[i] && double.IsFinite(value(p))).OrderBy(p => p.LatentSize).ToList();
            var line = plot.Add.Scatter(points.Select(p => (double)p.LatentSize).ToArray(), points.Select(value).ToArray(), palette.GetColor(i));
            line.LegendText = series[i];
            line.MarkerSize = 7;
            line.LineWidth = 2;
        }

        MarkerShape[] shapes = [MarkerShape.FilledDiamond, MarkerShape.FilledTriangleUp, MarkerShape.FilledSquare, MarkerShape.Asterisk];
        foreach (var (group, index) in published.GroupBy(p => p.Series).Select((g, i) => (g, i)))
        {
            var points = group.Where(p => double.IsFinite(value(p))).ToList();
            var markers = plot.Add.Markers(points.Select(p => (double)p.LatentSize).ToArray(), points.Select(value).ToArray(), shapes[index % shapes.Length], 11, Colors.Black);
            markers.LegendText = group.Key;
        }

        var sizes = measured.Concat(published).Select(p => (double)p.LatentSize).Distinct().Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(sizes, [.. sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Title(title);
        plot.XLabel("latent size d");
        plot.YLabel(yLabel);
        plot.Axes.Margins(0.1, 0.15);
        plot.ShowLegend(Edge.Bottom);
        return SKBitmap.Decode(plot.GetImageBytes(width, height, ImageFormat.Png)) ?? throw new InvalidOperationException("The chart did not render.");
    }
}
