namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// A mutable 8-bit RGB raster with the few drawing primitives the galleries and plots need.
/// All drawing is clipped to the canvas, so callers may draw partly outside it.
/// </summary>
public sealed class RgbCanvas
{
    // Ends of the diverging colormap (ColorBrewer RdBu); neither equals Rgb.Red, which marks failures.
    private static readonly Rgb _negative = new(33, 102, 172);
    private static readonly Rgb _positive = new(178, 24, 43);

    private readonly byte[] _pixels;

    /// <summary>Creates a canvas filled with <paramref name="background"/>.</summary>
    /// <param name="width">Width in pixels; must be positive.</param>
    /// <param name="height">Height in pixels; must be positive.</param>
    /// <param name="background">Initial fill color.</param>
    public RgbCanvas(int width, int height, Rgb background)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height * 3 > Array.MaxLength)
        {
            throw new ArgumentException($"Canvas {width}x{height} is too large.", nameof(width));
        }

        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
        FillRect(0, 0, width, height, background);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Sets one pixel; coordinates outside the canvas are ignored.</summary>
    public void SetPixel(int x, int y, Rgb color)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        _pixels[i] = color.R;
        _pixels[i + 1] = color.G;
        _pixels[i + 2] = color.B;
    }

    /// <summary>Reads one pixel.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The coordinates are outside the canvas.</exception>
    public Rgb GetPixel(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)x, (uint)Width, nameof(x));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
        var i = ((y * Width) + x) * 3;
        return new Rgb(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
    }

    /// <summary>Fills a rectangle (clipped).</summary>
    public void FillRect(int x, int y, int width, int height, Rgb color)
    {
        var x0 = Math.Max(x, 0);
        var y0 = Math.Max(y, 0);
        var x1 = (int)Math.Min((long)x + width, Width);
        var y1 = (int)Math.Min((long)y + height, Height);
        for (var py = y0; py < y1; py++)
        {
            for (var px = x0; px < x1; px++)
            {
                SetPixel(px, py, color);
            }
        }
    }

    /// <summary>Draws a rectangle outline of the given thickness, inside the rectangle's bounds.</summary>
    public void StrokeRect(int x, int y, int width, int height, Rgb color, int thickness = 1)
    {
        FillRect(x, y, width, thickness, color);
        FillRect(x, y + height - thickness, width, thickness, color);
        FillRect(x, y, thickness, height, color);
        FillRect(x + width - thickness, y, thickness, height, color);
    }

    /// <summary>Draws a 1-pixel line (Bresenham).</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb color)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        var err = dx + dy;
        while (true)
        {
            SetPixel(x0, y0, color);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Draws single-line text with <see cref="PixelFont"/>; (x, y) is the top-left corner.</summary>
    /// <param name="x">Left edge.</param>
    /// <param name="y">Top edge.</param>
    /// <param name="text">The text; see <see cref="PixelFont.MeasureWidth"/> for its width.</param>
    /// <param name="color">Ink color (the background is left untouched).</param>
    /// <param name="scale">Pixel multiplier, at least 1.</param>
    public void DrawText(int x, int y, string text, Rgb color, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        for (var i = 0; i < text.Length; i++)
        {
            var rows = PixelFont.GetRows(text[i]);
            var gx = x + (i * PixelFont.Advance * scale);
            for (var row = 0; row < rows.Length; row++)
            {
                for (var col = 0; col < PixelFont.GlyphWidth; col++)
                {
                    if ((rows[row] & (1 << (PixelFont.GlyphWidth - 1 - col))) != 0)
                    {
                        FillRect(gx + (col * scale), y + (row * scale), scale, scale, color);
                    }
                }
            }
        }
    }

    /// <summary>Draws a grayscale image; values are clamped to [0, 1] with 0 = black (NaN draws black).</summary>
    /// <param name="pixels">Row-major values, <paramref name="height"/> x <paramref name="width"/>.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="x">Left edge on the canvas.</param>
    /// <param name="y">Top edge on the canvas.</param>
    /// <param name="scale">Each image pixel becomes a scale x scale block.</param>
    public void DrawGray(ReadOnlySpan<float> pixels, int height, int width, int x, int y, int scale)
    {
        ValidateImage(pixels.Length, height, width, scale);
        for (var i = 0; i < pixels.Length; i++)
        {
            var level = ToByte(pixels[i]);
            Block(i, width, x, y, scale, new Rgb(level, level, level));
        }
    }

    /// <summary>
    /// Draws signed data with a blue-white-red colormap: white at 0, red for positive, blue for negative,
    /// saturating at ±<paramref name="maxAbs"/>. A non-positive (or NaN) maxAbs means "use the largest |value|".
    /// </summary>
    /// <param name="values">Row-major values, <paramref name="height"/> x <paramref name="width"/>.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="x">Left edge on the canvas.</param>
    /// <param name="y">Top edge on the canvas.</param>
    /// <param name="scale">Each value becomes a scale x scale block.</param>
    /// <param name="maxAbs">Magnitude drawn at full color.</param>
    public void DrawDiverging(ReadOnlySpan<float> values, int height, int width, int x, int y, int scale, float maxAbs)
    {
        ValidateImage(values.Length, height, width, scale);
        if (!(maxAbs > 0))
        {
            maxAbs = 0;
            foreach (var v in values)
            {
                maxAbs = float.IsFinite(v) ? Math.Max(maxAbs, Math.Abs(v)) : maxAbs;
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            var t = maxAbs > 0 && float.IsFinite(values[i]) ? values[i] / maxAbs : 0f;
            var color = t >= 0 ? Rgb.Lerp(Rgb.White, _positive, t) : Rgb.Lerp(Rgb.White, _negative, -t);
            Block(i, width, x, y, scale, color);
        }
    }

    /// <summary>
    /// Draws values min-max normalised to grayscale (min = black, max = white), the way the paper shows x' - x.
    /// Constant input draws mid gray; non-finite values are ignored for the range and drawn black.
    /// </summary>
    /// <param name="values">Row-major values, <paramref name="height"/> x <paramref name="width"/>.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="x">Left edge on the canvas.</param>
    /// <param name="y">Top edge on the canvas.</param>
    /// <param name="scale">Each value becomes a scale x scale block.</param>
    public void DrawMinMax(ReadOnlySpan<float> values, int height, int width, int x, int y, int scale)
    {
        ValidateImage(values.Length, height, width, scale);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsFinite(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        var range = max - min;
        for (var i = 0; i < values.Length; i++)
        {
            var level = range > 0 ? ToByte((values[i] - min) / range) : (byte)128;
            Block(i, width, x, y, scale, new Rgb(level, level, level));
        }
    }

    /// <summary>A copy of the pixels, row-major, 3 bytes per pixel.</summary>
    public byte[] ToRgbBytes() => (byte[])_pixels.Clone();

    /// <summary>Writes the canvas as a PNG (atomically; see <see cref="PngEncoder.WriteRgb"/>).</summary>
    /// <param name="path">Destination file.</param>
    public void SavePng(string path) => PngEncoder.WriteRgb(path, Width, Height, _pixels);

    private void Block(int index, int width, int x, int y, int scale, Rgb color) =>
        FillRect(x + ((index % width) * scale), y + ((index / width) * scale), scale, scale, color);

    private static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);

    private static void ValidateImage(int length, int height, int width, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        if (length != (long)height * width)
        {
            throw new ArgumentException($"Expected {(long)height * width} values for {height}x{width}, got {length}.");
        }
    }
}
