using System.Globalization;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Draws bias estimates as a grid of heatmaps on one blue-white-red scale (red: x' brighter than x, blue: darker),
/// values whose interval contains 0 faded, so that what a set of explanations consistently adds or removes stands out.
/// </summary>
public static class BiasHeatmaps
{

    /// <summary>Writes the grid, <paramref name="perRow"/> heatmaps a row, each value a scale x scale block.</summary>
    public static void Save(string path, string title, IReadOnlyList<BiasEstimate> estimates, ImageShape shape, int scale = 4, int perRow = 6, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        var rows = new List<(string, IReadOnlyList<Tile?>)>();
        for (int start = 0; start < estimates.Count; start += perRow)
        {
            rows.Add(("", [.. estimates.Skip(start).Take(perRow).Select(e =>
            {
                float maxAbs = MaxAbs(e);
                return (Tile?)new Tile(Bitmap(e, shape, scale, maxAbs), string.Create(CultureInfo.InvariantCulture, $"{e.Label} n={e.Count} max {maxAbs:0.##} sig {e.SignificantCount}"));
            })]));
        }

        string footer = string.Create(CultureInfo.InvariantCulture,
            $"Mean of x' - x over successful searches, each heatmap on its own scale: full colour at its largest |mean| ('max'); red: x' brighter, blue: darker.\n" +
            $"Faded: the {level:P0} bootstrap interval of the mean contains 0; 'sig' counts the pixels where it does not.");
        TileSheet.Save(path, title, [], rows, footer);
    }

    /// <summary>One estimate as a bitmap (channels averaged); <paramref name="maxAbs"/> sets full colour.</summary>
    public static SKBitmap Bitmap(BiasEstimate estimate, ImageShape shape, int scale, float maxAbs)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        if (estimate.Mean.Length != shape.Values)
        {
            throw new ArgumentException($"A {shape} image has {shape.Values} values; the estimate has {estimate.Mean.Length}.");
        }

        int plane = shape.Height * shape.Width;
        var bitmap = new SKBitmap(shape.Width * scale, shape.Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        using var paint = new SKPaint();
        for (int p = 0; p < plane; p++)
        {
            float mean = 0;
            bool significant = false;
            for (int c = 0; c < shape.Channels; c++)
            {
                mean += estimate.Mean[(c * plane) + p] / shape.Channels;
                significant |= estimate.IsSignificant((c * plane) + p);
            }

            float t = maxAbs > 0 && float.IsFinite(mean) ? Math.Clamp(mean / maxAbs, -1, 1) : 0;
            paint.Color = ImageRaster.DivergingColor(t, significant ? 1f : 0.3f);
            canvas.DrawRect((p % shape.Width) * scale, (p / shape.Width) * scale, scale, scale, paint);
        }

        return bitmap;
    }

    /// <summary>The largest |mean| of an estimate (0 when none is finite).</summary>
    public static float MaxAbs(BiasEstimate estimate) => estimate.Mean.Where(float.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
}
