using Orleans.Lse.Core.Imaging;
using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// A sheet of pictures in rows and columns (strips, galleries across latent sizes, heatmap grids): a title, column
/// headers, a label left of each row, a caption under each tile and a note at the foot. Tiles are centred in cells as
/// large as the largest tile.
/// </summary>
public static class TileSheet
{
    private const int Gap = 6;
    private const int Margin = 10;
    private static readonly SKColor s_text = new(30, 30, 30);
    private static readonly SKColor s_muted = new(90, 90, 90);

    /// <summary>Draws the sheet; a null tile leaves its cell empty.</summary>
    public static SKBitmap Render(string title, IReadOnlyList<string> columnHeaders, IReadOnlyList<(string Label, IReadOnlyList<Tile?> Tiles)> rows, string? footer = null, float fontSize = 12)
    {
        ArgumentNullException.ThrowIfNull(columnHeaders);
        ArgumentNullException.ThrowIfNull(rows);
        using var font = GalleryFonts.Font(fontSize);
        using var small = GalleryFonts.Font(fontSize * 0.85f);
        var tiles = rows.SelectMany(r => r.Tiles).OfType<Tile>().ToList();
        int cellW = Math.Max(tiles.Select(t => t.Bitmap.Width).DefaultIfEmpty(1).Max(), (int)columnHeaders.Select(h => font.MeasureText(h)).DefaultIfEmpty(0).Max() + 2);
        int cellH = tiles.Select(t => t.Bitmap.Height).DefaultIfEmpty(1).Max();
        bool captions = tiles.Any(t => !string.IsNullOrEmpty(t.Caption));
        int captionH = captions ? (int)Math.Ceiling(fontSize) + 4 : 0;
        cellW = Math.Max(cellW, captions ? (int)tiles.Select(t => small.MeasureText(t.Caption ?? "")).Max() + 2 : 0);
        int columns = Math.Max(columnHeaders.Count, rows.Select(r => r.Tiles.Count).DefaultIfEmpty(0).Max());
        int labelW = rows.Count == 0 ? 0 : (int)rows.Select(r => font.MeasureText(r.Label)).Max() + Gap;
        int titleH = (int)(fontSize * 1.8);
        int headerH = columnHeaders.Count > 0 ? (int)(fontSize * 1.5) : 0;
        var footerLines = string.IsNullOrEmpty(footer) ? [] : footer.Split('\n');
        int footerH = footerLines.Length * (int)(fontSize * 1.4);
        int width = Math.Max((Margin * 2) + labelW + (columns * (cellW + Gap)), (Margin * 2) + (int)Math.Max(font.MeasureText(title) * 1.2f, footerLines.Select(l => small.MeasureText(l)).DefaultIfEmpty(0).Max()));
        int rowH = cellH + captionH + Gap;
        int height = (Margin * 2) + titleH + headerH + (rows.Count * rowH) + footerH;

        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = s_text, IsAntialias = true };
        using var muted = new SKPaint { Color = s_muted, IsAntialias = true };
        using var titleFont = GalleryFonts.Font(fontSize * 1.2f);
        canvas.DrawText(title, Margin, Margin + (fontSize * 1.2f), SKTextAlign.Left, titleFont, ink);
        float top = Margin + titleH;
        for (int c = 0; c < columnHeaders.Count; c++)
        {
            float left = Margin + labelW + (c * (cellW + Gap));
            canvas.DrawText(columnHeaders[c], left + ((cellW - font.MeasureText(columnHeaders[c])) / 2), top + fontSize, SKTextAlign.Left, font, ink);
        }

        top += headerH;
        for (int r = 0; r < rows.Count; r++)
        {
            float rowTop = top + (r * rowH);
            canvas.DrawText(rows[r].Label, Margin, rowTop + (cellH / 2f) + (fontSize / 3), SKTextAlign.Left, font, ink);
            for (int c = 0; c < rows[r].Tiles.Count; c++)
            {
                if (rows[r].Tiles[c] is not { } tile)
                {
                    continue;
                }

                float left = Margin + labelW + (c * (cellW + Gap));
                float x = left + ((cellW - tile.Bitmap.Width) / 2f), y = rowTop + ((cellH - tile.Bitmap.Height) / 2f);
                using (var image = SKImage.FromBitmap(tile.Bitmap))
                {
                    canvas.DrawImage(image, x, y, new SKSamplingOptions(SKFilterMode.Nearest));
                }

                if (tile.Frame is { } frame)
                {
                    using var pen = new SKPaint { Color = frame, Style = SKPaintStyle.Stroke, StrokeWidth = 2 };
                    canvas.DrawRect(x - 1, y - 1, tile.Bitmap.Width + 2, tile.Bitmap.Height + 2, pen);
                }

                if (!string.IsNullOrEmpty(tile.Caption))
                {
                    canvas.DrawText(tile.Caption, left + ((cellW - small.MeasureText(tile.Caption)) / 2), rowTop + cellH + captionH - 3, SKTextAlign.Left, small, muted);
                }
            }
        }

        float footTop = top + (rows.Count * rowH);
        for (int i = 0; i < footerLines.Length; i++)
        {
            canvas.DrawText(footerLines[i], Margin, footTop + ((i + 1) * fontSize * 1.3f), SKTextAlign.Left, small, muted);
        }

        return bitmap;
    }

    /// <summary>Draws the sheet and writes it as a PNG, disposing the tiles' bitmaps.</summary>
    public static void Save(string path, string title, IReadOnlyList<string> columnHeaders, IReadOnlyList<(string Label, IReadOnlyList<Tile?> Tiles)> rows, string? footer = null)
    {
        try
        {
            using var bitmap = Render(title, columnHeaders, rows, footer);
            PngFile.Save(bitmap, path);
        }
        finally
        {
            foreach (var tile in rows.SelectMany(r => r.Tiles).OfType<Tile>())
            {
                tile.Bitmap.Dispose();
            }
        }
    }
}
