using System.Globalization;

namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// Renders explanation galleries: per image the original x, x' - x (min-max normalised, as in the paper),
/// x', and optionally x' - x on a signed blue-white-red scale, with predictions and a caption above.
/// </summary>
public static class ExplanationGallery
{
    private static readonly (string Long, string Short)[] _panelTitles =
        [("original x", "x"), ("x' - x", "x'-x"), ("perturbed x'", "x'"), ("signed x'-x", "+/-")];

    /// <summary>Writes a gallery PNG (atomically).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="title">Page title.</param>
    /// <param name="rows">The explained images; all must share one image size.</param>
    /// <param name="columns">Column blocks the rows flow into (left to right, then down).</param>
    /// <param name="scale">Each image pixel becomes a scale x scale block.</param>
    /// <param name="maxRows">At most this many rows are drawn; the rest are counted as "+N more".</param>
    /// <param name="signedPanel">Adds a fourth panel showing x' - x with a diverging colormap.</param>
    /// <param name="labelName">Name of <see cref="GalleryRow.TrueLabel"/> in the text ("true", or "target" for LAE).</param>
    public static void Write(
        string path, string title, IReadOnlyList<GalleryRow> rows, int columns = 2, int scale = 3,
        int maxRows = 200, bool signedPanel = true, string labelName = "true") =>
        Render(title, rows, columns, scale, maxRows, signedPanel, labelName).SavePng(path);

    /// <summary>Draws the gallery onto a new canvas (see <see cref="Write"/> for the parameters).</summary>
    internal static RgbCanvas Render(
        string title, IReadOnlyList<GalleryRow> rows, int columns, int scale, int maxRows, bool signedPanel, string labelName)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labelName);
        var (height, width) = Validate(rows);
        var layout = new GalleryLayout(rows.Count, height, width, columns, scale, maxRows, signedPanel ? 4 : 3);
        var canvas = new RgbCanvas(layout.Width, layout.Height, Rgb.White);

        DrawTitle(canvas, layout, title, rows);
        for (var c = 0; c < (layout.Shown == 0 ? 0 : layout.Columns); c++)
        {
            DrawHeader(canvas, layout, layout.ColumnLeft(c));
            if (c > 0)
            {
                var sx = layout.ColumnLeft(c) - (GalleryLayout.ColumnGap / 2);
                canvas.FillRect(sx, layout.GridTop - layout.HeaderHeight, 1, layout.GridRows * layout.CellHeight + layout.HeaderHeight, Rgb.LightGray);
            }
        }

        for (var i = 0; i < layout.Shown; i++)
        {
            DrawCell(canvas, layout, rows[i], i, labelName);
        }

        var footerY = layout.GridTop + (layout.GridRows * layout.CellHeight) + 3;
        if (layout.Shown == 0)
        {
            canvas.DrawText(GalleryLayout.Margin, footerY, "(no rows)", Rgb.DarkGray, layout.TextScale);
        }
        else if (layout.Hidden > 0)
        {
            canvas.DrawText(GalleryLayout.Margin, footerY, Invariant($"+{layout.Hidden} more rows not shown"), Rgb.DarkGray, layout.TextScale);
        }

        return canvas;
    }

    private static void DrawTitle(RgbCanvas canvas, GalleryLayout layout, string title, IReadOnlyList<GalleryRow> rows)
    {
        var room = canvas.Width - (2 * GalleryLayout.Margin);
        var big = 2 * layout.TextScale;
        var titleScale = PixelFont.MeasureWidth(title, big) <= room ? big : layout.TextScale;
        var titleY = GalleryLayout.Margin + (PixelFont.MeasureHeight(big) - PixelFont.MeasureHeight(titleScale));
        canvas.DrawText(GalleryLayout.Margin, titleY, Fit(title, room, titleScale), Rgb.Black, titleScale);

        var failed = rows.Count(r => !r.Success);
        var summary = Invariant($"{rows.Count} images: {rows.Count - failed} found, {failed} failed");
        if (layout.Hidden > 0)
        {
            summary += Invariant($"; showing first {layout.Shown}");
        }

        var summaryY = GalleryLayout.Margin + PixelFont.MeasureHeight(big) + 6;
        canvas.DrawText(GalleryLayout.Margin, summaryY, Fit(summary, room, layout.TextScale), Rgb.DarkGray, layout.TextScale);
    }

    private static void DrawHeader(RgbCanvas canvas, GalleryLayout layout, int cellX)
    {
        var y = layout.GridTop - layout.HeaderHeight;
        for (var p = 0; p < layout.Panels; p++)
        {
            var (longTitle, shortTitle) = _panelTitles[p];
            var text = PixelFont.MeasureWidth(longTitle, layout.TextScale) <= layout.PanelWidth ? longTitle : shortTitle;
            canvas.DrawText(layout.PanelLeft(cellX, p), y, Fit(text, layout.PanelWidth, layout.TextScale), Rgb.Blue, layout.TextScale);
        }

        canvas.FillRect(cellX, y + layout.LineHeight, layout.CellWidth, 1, Rgb.Blue);
    }

    private static void DrawCell(RgbCanvas canvas, GalleryLayout layout, GalleryRow row, int index, string labelName)
    {
        var (x, y) = layout.CellOrigin(index);
        var ts = layout.TextScale;
        var label = Invariant($"pred {row.PredictedBefore} -> {row.PredictedAfter}  {labelName} {row.TrueLabel}");
        canvas.DrawText(x, y, Fit(label, layout.CellWidth, ts), Rgb.Black, ts);
        if (!row.Success)
        {
            // Red text plus a red frame: failures must stand out when scrolling a long page.
            var fx = x + PixelFont.MeasureWidth(label + "  ", ts);
            canvas.DrawText(fx, y, "FAILED", Rgb.Red, ts);
            canvas.StrokeRect(x - 5, y - 5, layout.CellWidth + 10, layout.CellHeight - GalleryLayout.RowGap + 9, Rgb.Red, 2);
        }

        canvas.DrawText(x, y + layout.LineHeight, Fit(row.Caption ?? string.Empty, layout.CellWidth, ts), Rgb.DarkGray, ts);

        var py = y + (2 * layout.LineHeight);
        var scale = layout.PanelWidth / row.Width;
        canvas.DrawGray(row.Original, row.Height, row.Width, layout.PanelLeft(x, 0), py, scale);
        canvas.DrawMinMax(row.Delta, row.Height, row.Width, layout.PanelLeft(x, 1), py, scale);
        canvas.DrawGray(row.Perturbed, row.Height, row.Width, layout.PanelLeft(x, 2), py, scale);
        if (layout.Panels == 4)
        {
            canvas.DrawDiverging(row.Delta, row.Height, row.Width, layout.PanelLeft(x, 3), py, scale, 0f);
        }

        for (var p = 0; p < layout.Panels; p++)
        {
            canvas.StrokeRect(layout.PanelLeft(x, p) - 1, py - 1, layout.PanelWidth + 2, layout.PanelHeight + 2, Rgb.LightGray);
        }

        // A faint rule between grid rows keeps long pages scannable.
        var ruleY = y + layout.CellHeight - (GalleryLayout.RowGap / 2);
        if (index / layout.Columns < layout.GridRows - 1)
        {
            canvas.FillRect(x, ruleY, layout.CellWidth, 1, new Rgb(235, 235, 235));
        }
    }

    private static (int Height, int Width) Validate(IReadOnlyList<GalleryRow> rows)
    {
        if (rows.Count == 0)
        {
            return (28, 28);
        }

        var (height, width) = (rows[0].Height, rows[0].Width);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Height != height || row.Width != width || height <= 0 || width <= 0)
            {
                throw new ArgumentException($"Row {i} is {row.Height}x{row.Width}; all rows must share a positive size {height}x{width}.", nameof(rows));
            }

            var n = height * width;
            if (row.Original?.Length != n || row.Delta?.Length != n || row.Perturbed?.Length != n)
            {
                throw new ArgumentException($"Row {i}: Original, Delta and Perturbed must each hold {n} values.", nameof(rows));
            }
        }

        return (height, width);
    }

    /// <summary>Truncates text with ".." so it fits <paramref name="room"/> pixels.</summary>
    private static string Fit(string text, int room, int scale)
    {
        if (PixelFont.MeasureWidth(text, scale) <= room)
        {
            return text;
        }

        var chars = Math.Max(0, ((room / scale) + 1) / PixelFont.Advance - 2);
        return string.Concat(text.AsSpan(0, Math.Min(chars, text.Length)), "..");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
