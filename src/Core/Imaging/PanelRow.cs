using SkiaSharp;

namespace Orleans.Lse.Core.Imaging;

/// <summary>Figures made of panels side by side: one PNG, the panels left to right on white, each centred vertically.</summary>
public static class PanelRow
{
    public static void Save(string path, params IReadOnlyList<SKBitmap> panels)
    {
        ArgumentOutOfRangeException.ThrowIfZero(panels.Count);
        using var bitmap = new SKBitmap(panels.Sum(p => p.Width), panels.Max(p => p.Height), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            float x = 0;
            foreach (var panel in panels)
            {
                using var image = SKImage.FromBitmap(panel);
                canvas.DrawImage(image, x, (bitmap.Height - panel.Height) / 2f, new SKSamplingOptions(SKFilterMode.Nearest), null);
                x += panel.Width;
            }
        }

        PngFile.Save(bitmap, path);
    }
}
