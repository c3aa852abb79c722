namespace Orleans.Lse.Core.Imaging;

/// <summary>A small line chart (loss curves, success vs. budget): named series, ticked axes, legend.</summary>
public sealed class LinePlot
{
    private const int TextScale = 1;
    private static readonly Rgb[] _palette = [Rgb.Blue, Rgb.Orange, Rgb.Green, Rgb.Purple, new(200, 40, 40), Rgb.DarkGray];
    private readonly List<Series> _series = [];

    /// <summary>Creates an empty plot.</summary>
    /// <param name="title">Title drawn above the plot.</param>
    /// <param name="xLabel">X-axis label (below the axis).</param>
    /// <param name="yLabel">Y-axis label (above the axis).</param>
    public LinePlot(string title, string xLabel = "", string yLabel = "")
    {
        Title = title ?? throw new ArgumentNullException(nameof(title));
        XLabel = xLabel ?? string.Empty;
        YLabel = yLabel ?? string.Empty;
    }

    /// <summary>The plot title.</summary>
    public string Title { get; }

    /// <summary>The x-axis label.</summary>
    public string XLabel { get; }

    /// <summary>The y-axis label.</summary>
    public string YLabel { get; }

    /// <summary>Adds a series; non-finite points are skipped and break the line.</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="points">The (x, y) points, drawn in the given order.</param>
    /// <param name="color">Line color; null picks the next palette color.</param>
    /// <returns>This plot, for chaining.</returns>
    public LinePlot Add(string name, IEnumerable<(double X, double Y)> points, Rgb? color = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(points);
        _series.Add(new Series(name, [.. points], color ?? _palette[_series.Count % _palette.Length]));
        return this;
    }

    /// <summary>Adds a series whose x values are 0, 1, 2, ... (e.g. a loss per epoch).</summary>
    /// <param name="name">Legend entry.</param>
    /// <param name="ys">The y values.</param>
    /// <param name="color">Line color; null picks the next palette color.</param>
    /// <returns>This plot, for chaining.</returns>
    public LinePlot Add(string name, IEnumerable<double> ys, Rgb? color = null) =>
        Add(name, (ys ?? throw new ArgumentNullException(nameof(ys))).Select((y, i) => ((double)i, y)), color);

    /// <summary>Renders and writes the plot as a PNG (atomically).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="width">Image width in pixels (at least 160).</param>
    /// <param name="height">Image height in pixels (at least 120).</param>
    public void SavePng(string path, int width = 640, int height = 400) => Render(width, height).SavePng(path);

    /// <summary>Renders the plot onto a new canvas.</summary>
    /// <param name="width">Image width in pixels (at least 160).</param>
    /// <param name="height">Image height in pixels (at least 120).</param>
    public RgbCanvas Render(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 160);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 120);
        var finite = _series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        var (xs, xStep) = PlotTicks.Nice(finite.Select(p => p.X));
        var (ys, yStep) = PlotTicks.Nice(finite.Select(p => p.Y));
        var yLabels = ys.Select(v => PlotTicks.Format(v, yStep)).ToList();

        var canvas = new RgbCanvas(width, height, Rgb.White);
        var lineH = PixelFont.MeasureHeight(TextScale);
        var left = 12 + yLabels.Max(t => PixelFont.MeasureWidth(t, TextScale));
        var top = 10 + PixelFont.MeasureHeight(2) + 8 + lineH + 6;
        var right = width - 16;
        var bottom = height - (12 + lineH + 6 + (XLabel.Length > 0 ? lineH + 6 : 0));
        int Px(double x) => left + (int)Math.Round((x - xs[0]) / (xs[^1] - xs[0]) * (right - left));
        int Py(double y) => bottom - (int)Math.Round((y - ys[0]) / (ys[^1] - ys[0]) * (bottom - top));

        canvas.DrawText(10, 10, Title, Rgb.Black, 2);
        canvas.DrawText(10, top - lineH - 6, YLabel, Rgb.DarkGray, TextScale);
        canvas.DrawText(right - PixelFont.MeasureWidth(XLabel, TextScale), height - 8 - lineH, XLabel, Rgb.DarkGray, TextScale);
        for (var i = 0; i < ys.Count; i++)
        {
            canvas.FillRect(left, Py(ys[i]), right - left + 1, 1, new Rgb(232, 232, 232));
            canvas.DrawText(left - 6 - PixelFont.MeasureWidth(yLabels[i], TextScale), Py(ys[i]) - (PixelFont.GlyphHeight * TextScale / 2), yLabels[i], Rgb.Black, TextScale);
        }

        foreach (var x in xs)
        {
            var label = PlotTicks.Format(x, xStep);
            canvas.FillRect(Px(x), top, 1, bottom - top, new Rgb(232, 232, 232));
            canvas.FillRect(Px(x), bottom, 1, 4, Rgb.Black);
            canvas.DrawText(Px(x) - (PixelFont.MeasureWidth(label, TextScale) / 2), bottom + 7, label, Rgb.Black, TextScale);
        }

        canvas.FillRect(left, top, 1, bottom - top + 1, Rgb.Black);
        canvas.FillRect(left, bottom, right - left + 1, 1, Rgb.Black);
        foreach (var s in _series)
        {
            DrawSeries(canvas, s, Px, Py);
        }

        DrawLegend(canvas, left, top, right, bottom);
        return canvas;
    }

    private static void DrawSeries(RgbCanvas canvas, Series s, Func<double, int> px, Func<double, int> py)
    {
        (int X, int Y)? previous = null;
        foreach (var (x, y) in s.Points)
        {
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                previous = null;
                continue;
            }

            var p = (X: px(x), Y: py(y));
            if (previous is { } q)
            {
                // Two offset 1-px lines read as a 2-px stroke without anti-aliasing machinery.
                canvas.DrawLine(q.X, q.Y, p.X, p.Y, s.Color);
                canvas.DrawLine(q.X, q.Y + 1, p.X, p.Y + 1, s.Color);
            }

            if (s.Points.Length <= 60)
            {
                canvas.FillRect(p.X - 2, p.Y - 1, 4, 4, s.Color);
            }

            previous = p;
        }
    }

    private void DrawLegend(RgbCanvas canvas, int left, int top, int right, int bottom)
    {
        if (_series.Count == 0)
        {
            return;
        }

        var lineH = PixelFont.MeasureHeight(TextScale) + 3;
        var (boxW, boxH) = (34 + _series.Max(s => PixelFont.MeasureWidth(s.Name, TextScale)), (_series.Count * lineH) + 8);

        // Put the legend in the corner that hides the fewest already drawn series pixels.
        (int X, int Y)[] corners =
            [(right - boxW - 6, top + 6), (right - boxW - 6, bottom - boxH - 6), (left + 6, top + 6), (left + 6, bottom - boxH - 6)];
        var (x, y) = corners.MinBy(c => CountSeriesPixels(canvas, c.X, c.Y, boxW, boxH));
        canvas.FillRect(x, y, boxW, boxH, Rgb.White);
        canvas.StrokeRect(x, y, boxW, boxH, Rgb.LightGray);
        for (var i = 0; i < _series.Count; i++)
        {
            var rowY = y + 5 + (i * lineH);
            canvas.FillRect(x + 6, rowY + 2, 18, 3, _series[i].Color);
            canvas.DrawText(x + 28, rowY, _series[i].Name, Rgb.Black, TextScale);
        }
    }

    private int CountSeriesPixels(RgbCanvas canvas, int x, int y, int width, int height)
    {
        var colors = _series.Select(s => s.Color).ToHashSet();
        var count = 0;
        for (var py = Math.Max(y, 0); py < Math.Min(y + height, canvas.Height); py++)
        {
            for (var px = Math.Max(x, 0); px < Math.Min(x + width, canvas.Width); px++)
            {
                count += colors.Contains(canvas.GetPixel(px, py)) ? 1 : 0;
            }
        }

        return count;
    }

    private sealed record Series(string Name, (double X, double Y)[] Points, Rgb Color);
}
