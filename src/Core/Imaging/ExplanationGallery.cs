using System.Globalization;
using Orleans.Lse.Core.Models;
using SkiaSharp;

namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// Renders explanation galleries: per image the original x, x' - x (min-max normalised, as in the paper),
/// x', and optionally x' - x on a signed blue-white-red scale, with predictions and a caption above.
/// </summary>
public static class ExplanationGallery
{
    /// <summary>The colour that marks a failed search (never produced by the diverging scale).</summary>
    public static readonly SKColor FailureRed = new(220, 0, 0);

    private static readonly SKColor s_lightGray = new(210, 210, 210);
    private static readonly SKColor s_darkGray = new(90, 90, 90);
    private static readonly SKColor s_header = new(0, 70, 200);
    private static readonly SKColor s_rule = new(235, 235, 235);

    private static readonly (string Long, string Short)[] s_panelTitles =
        [("original x", "x"), ("x' - x", "x'-x"), ("perturbed x'", "x'"), ("signed x'-x", "+/-")];

    /// <summary>Writes a gallery PNG (atomically).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="title">Page title.</param>
    /// <param name="rows">The explained images; all must share one image shape.</param>
    /// <param name="columns">Column blocks the rows flow into (left to right, then down).</param>
    /// <param name="scale">Each image pixel becomes a scale x scale block.</param>
    /// <param name="maxRows">At most this many rows are drawn; the rest are counted as "+N more".</param>
    /// <param name="signedPanel">Adds a fourth panel showing x' - x with a diverging colormap.</param>
    /// <param name="labelName">Name of <see cref="GalleryRow.TrueLabel"/> in the text ("true", or "target" for LAE).</param>
    /// <param name="classNames">The classes' names, by index; class numbers where null.</param>
    public static void Write(
        string path, string title, IReadOnlyList<GalleryRow> rows, int columns = 2, int scale = 3,
        int maxRows = 200, bool signedPanel = true, string labelName = "true", IReadOnlyList<string>? classNames = null)
    {
        using var bitmap = Render(title, rows, columns, scale, maxRows, signedPanel, labelName, classNames);
        PngFile.Save(bitmap, path);
    }

    /// <summary>Draws the gallery onto a new bitmap (see <see cref="Write"/> for the parameters).</summary>
    public static SKBitmap Render(
        string title, IReadOnlyList<GalleryRow> rows, int columns = 2, int scale = 3, int maxRows = 200, bool signedPanel = true,
        string labelName = "true", IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labelName);
        var shape = Validate(rows);
        var layout = new GalleryLayout(rows.Count, shape.Height, shape.Width, columns, scale, maxRows, signedPanel ? 4 : 3);
        var bitmap = new SKBitmap(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        using var font = GalleryFonts.Font(layout.FontSize);
        canvas.Clear(SKColors.White);

        DrawTitle(canvas, layout, font, title, rows);
        for (var c = 0; c < (layout.Shown == 0 ? 0 : layout.Columns); c++)
        {
            DrawHeader(canvas, layout, font, layout.ColumnLeft(c));
            if (c > 0)
            {
                var sx = layout.ColumnLeft(c) - (GalleryLayout.ColumnGap / 2);
                Fill(canvas, sx, layout.GridTop - layout.HeaderHeight, 1, (layout.GridRows * layout.CellHeight) + layout.HeaderHeight, s_lightGray);
            }
        }

        for (var i = 0; i < layout.Shown; i++)
        {
            DrawCell(canvas, layout, font, rows[i], i, labelName, classNames);
        }

        var footerY = layout.GridTop + (layout.GridRows * layout.CellHeight) + 3;
        if (layout.Shown == 0)
        {
            Text(canvas, font, "(no rows)", GalleryLayout.Margin, footerY, s_darkGray);
        }
        else if (layout.Hidden > 0)
        {
            Text(canvas, font, Invariant($"+{layout.Hidden} more rows not shown"), GalleryLayout.Margin, footerY, s_darkGray);
        }

        return bitmap;
    }

    private static void DrawTitle(SKCanvas canvas, GalleryLayout layout, SKFont font, string title, IReadOnlyList<GalleryRow> rows)
    {
        var room = layout.Width - (2 * GalleryLayout.Margin);
        using var big = GalleryFonts.Font(layout.TitleFontSize);
        Text(canvas, big, Fit(big, title, room), GalleryLayout.Margin, GalleryLayout.Margin, SKColors.Black);

        var failed = rows.Count(r => !r.Success);
        var summary = Invariant($"{rows.Count} images: {rows.Count - failed} found, {failed} failed");
        if (layout.Hidden > 0)
        {
            summary += Invariant($"; showing first {layout.Shown}");
        }

        var summaryY = GalleryLayout.Margin + (int)Math.Ceiling(layout.TitleFontSize * 1.35f) + 4;
        Text(canvas, font, Fit(font, summary, room), GalleryLayout.Margin, summaryY, s_darkGray);
    }

    private static void DrawHeader(SKCanvas canvas, GalleryLayout layout, SKFont font, int cellX)
    {
        var y = layout.GridTop - layout.HeaderHeight;
        for (var p = 0; p < layout.Panels; p++)
        {
            var (longTitle, shortTitle) = s_panelTitles[p];
            var text = font.MeasureText(longTitle) <= layout.PanelWidth ? longTitle : shortTitle;
            Text(canvas, font, Fit(font, text, layout.PanelWidth), layout.PanelLeft(cellX, p), y, s_header);
        }

        Fill(canvas, cellX, y + layout.LineHeight, layout.CellWidth, 1, s_header);
    }

    private static void DrawCell(SKCanvas canvas, GalleryLayout layout, SKFont font, GalleryRow row, int index, string labelName, IReadOnlyList<string>? classNames)
    {
        var (x, y) = layout.CellOrigin(index);
        string Name(int c) => classNames is not null && c >= 0 && c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture);
        var label = $"pred {Name(row.PredictedBefore)} -> {Name(row.PredictedAfter)}  {labelName} {Name(row.TrueLabel)}";
        var shown = Fit(font, label, layout.CellWidth);
        Text(canvas, font, shown, x, y, SKColors.Black);
        if (!row.Success)
        {
            // Red text plus a red frame: failures must stand out when scrolling a long page.
            Text(canvas, font, "FAILED", x + (int)Math.Ceiling(font.MeasureText(shown + "  ")), y, FailureRed);
            using var frame = new SKPaint { Color = FailureRed, Style = SKPaintStyle.Stroke, StrokeWidth = 2, IsAntialias = false };
            canvas.DrawRect(x - 4, y - 4, layout.CellWidth + 8, layout.CellHeight - GalleryLayout.RowGap + 7, frame);
        }

        Text(canvas, font, Fit(font, row.Caption ?? string.Empty, layout.CellWidth), x, y + layout.LineHeight, s_darkGray);

        var py = y + (2 * layout.LineHeight);
        var scale = layout.PanelWidth / row.Shape.Width;
        using (var original = ImageRaster.Linear(row.Original, row.Shape, scale))
        using (var delta = ImageRaster.MinMax(row.Delta, row.Shape, scale))
        using (var perturbed = ImageRaster.Linear(row.Perturbed, row.Shape, scale))
        {
            Draw(canvas, original, layout.PanelLeft(x, 0), py);
            Draw(canvas, delta, layout.PanelLeft(x, 1), py);
            Draw(canvas, perturbed, layout.PanelLeft(x, 2), py);
        }

        if (layout.Panels == 4)
        {
            using var signed = ImageRaster.Diverging(row.Delta, row.Shape, scale);
            Draw(canvas, signed, layout.PanelLeft(x, 3), py);
        }

        using var border = new SKPaint { Color = s_lightGray, Style = SKPaintStyle.Stroke, StrokeWidth = 1, IsAntialias = false };
        for (var p = 0; p < layout.Panels; p++)
        {
            canvas.DrawRect(layout.PanelLeft(x, p) - 0.5f, py - 0.5f, layout.PanelWidth + 1, layout.PanelHeight + 1, border);
        }

        // A faint rule between grid rows keeps long pages scannable.
        var ruleY = y + layout.CellHeight - (GalleryLayout.RowGap / 2);
        if (index / layout.Columns < layout.GridRows - 1)
        {
            Fill(canvas, x, ruleY, layout.CellWidth, 1, s_rule);
        }
    }

    private static ImageShape Validate(IReadOnlyList<GalleryRow> rows)
    {
        if (rows.Count == 0)
        {
            return ImageShape.Mnist;
        }

        var shape = rows[0]?.Shape ?? throw new ArgumentException("Row 0 is null.", nameof(rows));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Shape != shape || shape.Channels is not (1 or 3) || shape.Height <= 0 || shape.Width <= 0)
            {
                throw new ArgumentException($"Row {i} is {row.Shape}; all rows must share one shape of 1 or 3 channels ({shape}).", nameof(rows));
            }

            var n = shape.Values;
            if (row.Original?.Length != n || row.Delta?.Length != n || row.Perturbed?.Length != n)
            {
                throw new ArgumentException($"Row {i}: Original, Delta and Perturbed must each hold {n} values.", nameof(rows));
            }
        }

        return shape;
    }

    private static void Draw(SKCanvas canvas, SKBitmap bitmap, float x, float y)
    {
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, x, y, new SKSamplingOptions(SKFilterMode.Nearest), null);
    }

    /// <summary>Draws text with its top at <paramref name="top"/>.</summary>
    private static void Text(SKCanvas canvas, SKFont font, string text, float x, float top, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, top - font.Metrics.Ascent, SKTextAlign.Left, font, paint);
    }

    private static void Fill(SKCanvas canvas, float x, float y, float width, float height, SKColor color)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = false };
        canvas.DrawRect(x, y, width, height, paint);
    }

    /// <summary>Truncates text with ".." so it fits <paramref name="room"/> pixels.</summary>
    private static string Fit(SKFont font, string text, int room)
    {
        if (font.MeasureText(text) <= room)
        {
            return text;
        }

        for (int n = text.Length - 1; n > 0; n--)
        {
            var shorter = string.Concat(text.AsSpan(0, n), "..");
            if (font.MeasureText(shorter) <= room)
            {
                return shorter;
            }
        }

        return string.Empty;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
