namespace Orleans.Lse.Core.Imaging;

/// <summary>An 8-bit sRGB color.</summary>
/// <param name="R">Red channel.</param>
/// <param name="G">Green channel.</param>
/// <param name="B">Blue channel.</param>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>Pure black.</summary>
    public static Rgb Black => new(0, 0, 0);

    /// <summary>Pure white.</summary>
    public static Rgb White => new(255, 255, 255);

    /// <summary>Mid gray (128).</summary>
    public static Rgb Gray => new(128, 128, 128);

    /// <summary>Light gray, for grid lines and frames.</summary>
    public static Rgb LightGray => new(210, 210, 210);

    /// <summary>Dark gray, for secondary text.</summary>
    public static Rgb DarkGray => new(90, 90, 90);

    /// <summary>Signal red (used to mark failures; never produced by the diverging colormap).</summary>
    public static Rgb Red => new(220, 0, 0);

    /// <summary>Dark green.</summary>
    public static Rgb Green => new(0, 140, 60);

    /// <summary>Medium blue.</summary>
    public static Rgb Blue => new(30, 90, 200);

    /// <summary>Orange.</summary>
    public static Rgb Orange => new(240, 140, 0);

    /// <summary>Purple.</summary>
    public static Rgb Purple => new(130, 60, 170);

    /// <summary>Linear interpolation between two colors; <paramref name="t"/> is clamped to [0, 1].</summary>
    /// <param name="from">Color at t = 0.</param>
    /// <param name="to">Color at t = 1.</param>
    /// <param name="t">Blend factor.</param>
    public static Rgb Lerp(Rgb from, Rgb to, float t)
    {
        // NaN is treated as 0 so bad data never throws while rendering.
        t = float.IsNaN(t) ? 0f : Math.Clamp(t, 0f, 1f);
        return new Rgb(Mix(from.R, to.R, t), Mix(from.G, to.G, t), Mix(from.B, to.B, t));
    }

    private static byte Mix(byte a, byte b, float t) => (byte)MathF.Round(a + ((b - a) * t));
}
