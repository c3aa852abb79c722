using Orleans.Lse.Core.Models;
using SkiaSharp;

namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// Images as the search holds them (C x H x W floats, planar) turned into bitmaps, each value a scale x scale block:
/// one channel as grey, three as RGB.
/// </summary>
public static class ImageRaster
{
    private static readonly SKColor s_positive = new(200, 40, 30);
    private static readonly SKColor s_negative = new(30, 80, 200);

    /// <summary>Values in [<paramref name="low"/>, <paramref name="high"/>] as 0..255; a flat range draws mid grey; NaN draws black.</summary>
    public static SKBitmap Linear(ReadOnlySpan<float> values, ImageShape shape, int scale, float low = 0, float high = 1)
    {
        Check(values.Length, shape, scale);
        if (shape.Channels is not (1 or 3))
        {
            throw new ArgumentException($"Pictures take 1 (grey) or 3 (RGB) channels; got {shape}.", nameof(shape));
        }

        float range = high - low;
        int plane = shape.Height * shape.Width;
        var bitmap = new SKBitmap(shape.Width * scale, shape.Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < shape.Height; y++)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                int i = (y * shape.Width) + x;
                byte r = Level(values[i], low, range);
                var color = shape.Channels == 1 ? new SKColor(r, r, r) : new SKColor(r, Level(values[plane + i], low, range), Level(values[(2 * plane) + i], low, range));
                Fill(bitmap, x, y, scale, color);
            }
        }

        return bitmap;
    }

    /// <summary>Min-max normalised over all channels (min black, max white), the way the paper shows x' - x.</summary>
    public static SKBitmap MinMax(ReadOnlySpan<float> values, ImageShape shape, int scale)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return min <= max ? Linear(values, shape, scale, min, max) : Linear(values, shape, scale);
    }

    /// <summary>
    /// Signed values (averaged over channels) on a blue-white-red scale symmetric about 0, full colour at the largest
    /// magnitude: where x' - x adds and where it removes.
    /// </summary>
    public static SKBitmap Diverging(ReadOnlySpan<float> values, ImageShape shape, int scale)
    {
        Check(values.Length, shape, scale);
        int plane = shape.Height * shape.Width;
        var mean = new float[plane];
        for (int c = 0; c < shape.Channels; c++)
        {
            for (int i = 0; i < plane; i++)
            {
                mean[i] += values[(c * plane) + i] / shape.Channels;
            }
        }

        float maxAbs = mean.Where(float.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var bitmap = new SKBitmap(shape.Width * scale, shape.Height * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int i = 0; i < plane; i++)
        {
            float t = maxAbs > 0 && float.IsFinite(mean[i]) ? mean[i] / maxAbs : 0;
            Fill(bitmap, i % shape.Width, i / shape.Width, scale, DivergingColor(t));
        }

        return bitmap;
    }

    /// <summary>
    /// The diverging scale's colour for <paramref name="t"/> in [-1, 1]: white at 0, red towards +1, blue towards -1,
    /// at <paramref name="strength"/> of its full colour (faded below 1).
    /// </summary>
    public static SKColor DivergingColor(float t, float strength = 1) => Lerp(SKColors.White, t >= 0 ? s_positive : s_negative, Math.Abs(t) * strength);

    private static void Check(int length, ImageShape shape, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        if (length != shape.Values)
        {
            throw new ArgumentException($"A {shape} image has {shape.Values} values; got {length}.");
        }
    }

    private static byte Level(float v, float low, float range) =>
        !float.IsFinite(v) ? (byte)0 : range > 0 ? (byte)Math.Clamp(MathF.Round((v - low) / range * 255), 0, 255) : (byte)128;

    private static SKColor Lerp(SKColor a, SKColor b, float t) =>
        new((byte)(a.Red + ((b.Red - a.Red) * t)), (byte)(a.Green + ((b.Green - a.Green) * t)), (byte)(a.Blue + ((b.Blue - a.Blue) * t)));

    private static void Fill(SKBitmap bitmap, int x, int y, int scale, SKColor color)
    {
        for (int dy = 0; dy < scale; dy++)
        {
            for (int dx = 0; dx < scale; dx++)
            {
                bitmap.SetPixel((x * scale) + dx, (y * scale) + dy, color);
            }
        }
    }
}
