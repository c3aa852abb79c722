using ScottPlot;
using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// A class map drawn with ScottPlot: each grid cell in its class's colour (<see cref="ClassPalette"/>), a legend of the
/// classes present, and marks over it (points, a search path with its first success and stop, loss contours).
/// </summary>
public sealed class ClassMapFigure
{
    private readonly ClassGrid _map;
    private readonly IReadOnlyList<string> _classNames;

    public ClassMapFigure(ClassGrid map, string title, string xLabel, string yLabel, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        _map = map;
        int classes = Math.Max(map.Classes.Cast<int>().DefaultIfEmpty(0).Max() + 1, classNames?.Count ?? 0);
        _classNames = classNames ?? [.. Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        Plot = FigureFonts.NewPlot();
        var g = map.Grid;
        var intensities = new double[g.Rows, g.Columns];
        for (int r = 0; r < g.Rows; r++)
        {
            for (int c = 0; c < g.Columns; c++)
            {
                // ScottPlot draws row 0 of the array at the top; the grid's row 0 is the lowest y.
                intensities[g.Rows - 1 - r, c] = map.Classes[r, c];
            }
        }

        var heatmap = Plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ClassColormap(classes);
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, classes - 1));
        heatmap.Extent = new CoordinateRect(g.XMin, g.XMax, g.YMin, g.YMax);
        foreach (int label in map.Present())
        {
            Plot.Legend.ManualItems.Add(new LegendItem { LabelText = ClassName(label), FillColor = ClassPalette.Scott(label), LineWidth = 0 });
        }

        Plot.Title(title);
        Plot.XLabel(xLabel);
        Plot.YLabel(yLabel);
        Plot.Axes.SetLimits(g.XMin, g.XMax, g.YMin, g.YMax);
        Plot.Axes.SquareUnits();
        Plot.ShowLegend(Edge.Right);
    }

    /// <summary>The ScottPlot plot, for further marks.</summary>
    public Plot Plot { get; }

    /// <summary>Marks points (no line) with a legend entry.</summary>
    public void AddPoints(IReadOnlyList<(double X, double Y)> points, string label, MarkerShape shape, Color color, float size = 7)
    {
        if (points.Count == 0)
        {
            return;
        }

        var markers = Plot.Add.Markers(points.Select(p => new Coordinates(p.X, p.Y)).ToArray(), shape, size, color);
        markers.LegendText = label;
    }

    /// <summary>
    /// A search path: the points in order joined by a line, the first success and the stop point marked, and every
    /// <paramref name="annotateEvery"/>-th point labelled with its step (<paramref name="stepOf"/>).
    /// </summary>
    public void AddPath(IReadOnlyList<(double X, double Y)> path, int? firstSuccess, (double X, double Y)? stop, int annotateEvery, Func<int, int> stepOf)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0)
        {
            return;
        }

        var line = Plot.Add.ScatterLine(path.Select(p => p.X).ToArray(), path.Select(p => p.Y).ToArray(), Colors.Black);
        line.LineWidth = 1.5f;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 3;
        line.LegendText = "path of eps";
        AddPoints([path[0]], "start (eps = 0)", MarkerShape.OpenCircle, Colors.Black, 10);
        if (firstSuccess is int s && s >= 0 && s < path.Count)
        {
            var marker = Plot.Add.Marker(path[s].X, path[s].Y, MarkerShape.FilledDiamond, 13, Colors.Yellow);
            marker.MarkerLineColor = Colors.Black;
            marker.MarkerLineWidth = 1.5f;
            marker.LegendText = "first success";
        }

        if (stop is { } p)
        {
            AddPoints([p], "stop", MarkerShape.Cross, Colors.Black, 12);
        }

        if (annotateEvery > 0)
        {
            for (int i = annotateEvery; i < path.Count; i += annotateEvery)
            {
                var text = Plot.Add.Text(stepOf(i).ToString(System.Globalization.CultureInfo.InvariantCulture), path[i].X, path[i].Y);
                text.LabelFontSize = 10;
                text.LabelFontColor = Colors.Black;
                text.LabelBackgroundColor = Colors.White.WithAlpha(0.7);
                text.OffsetX = 4;
                text.OffsetY = -4;
            }
        }
    }

    /// <summary>Contour lines of ln(1 + the grid's cross entropy) towards the target (needs a grid with a loss).</summary>
    public void AddLossContours(int levels = 8)
    {
        var loss = _map.Loss ?? throw new InvalidOperationException("This class map holds no loss to draw contours of.");
        var g = _map.Grid;
        var points = new Coordinates3d[g.Rows, g.Columns];
        for (int r = 0; r < g.Rows; r++)
        {
            for (int c = 0; c < g.Columns; c++)
            {
                points[r, c] = new Coordinates3d(g.X(c), g.Y(r), Math.Log(1 + Math.Min(loss[r, c], 1e6)));
            }
        }

        var contours = Plot.Add.ContourLines(points, levels);
        contours.LineColor = Colors.Black.WithAlpha(0.45);
        contours.LineWidth = 1;
        contours.LabelStyle.IsVisible = false;
    }

    /// <summary>Renders to a bitmap; afterwards <see cref="PixelOf"/> maps plot coordinates to its pixels.</summary>
    public SKBitmap Render(int width, int height)
    {
        var png = Plot.GetImageBytes(width, height, ImageFormat.Png);
        return SKBitmap.Decode(png) ?? throw new InvalidOperationException("The class map did not render.");
    }

    /// <summary>Writes a PNG.</summary>
    public void Save(string path, int width, int height)
    {
        using var bitmap = Render(width, height);
        Imaging.PngFile.Save(bitmap, path);
    }

    /// <summary>The pixel of plot coordinates (x, y) in the last render.</summary>
    public (float X, float Y) PixelOf(double x, double y)
    {
        var pixel = Plot.GetPixel(new Coordinates(x, y));
        return (pixel.X, pixel.Y);
    }

    private string ClassName(int label) => label < _classNames.Count ? _classNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Maps a heatmap's normalised value back to its class and the class to its colour.</summary>
    private sealed class ClassColormap(int classes) : IColormap
    {
        public string Name => "classes";

        public Color GetColor(double normalizedIntensity) =>
            ClassPalette.Scott(Math.Clamp((int)Math.Round(normalizedIntensity * Math.Max(1, classes - 1)), 0, Math.Max(0, classes - 1)));
    }
}
