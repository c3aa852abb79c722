namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// A built-in 5x7 bitmap font: digits, A-Z, a-z, space and common punctuation. Glyphs sit in a
/// 6-pixel advance (one blank column between characters) and a 9-row line (7 rows above the baseline,
/// 2 for descenders); unknown characters draw as a hollow box.
/// </summary>
public static class PixelFont
{
    /// <summary>Glyph width in font pixels.</summary>
    public const int GlyphWidth = 5;

    /// <summary>Glyph height above the baseline (cap height) in font pixels.</summary>
    public const int GlyphHeight = 7;

    /// <summary>Rows below the baseline used by descenders (g, j, p, q, y, comma).</summary>
    public const int Descent = 2;

    /// <summary>Horizontal distance between glyph origins, in font pixels.</summary>
    public const int Advance = GlyphWidth + 1;

    private static readonly Dictionary<char, byte[]> _glyphs = PixelFontGlyphs.All.ToDictionary(g => g.Char, g => Parse(g.Rows));
    private static readonly byte[] _missing = Parse(PixelFontGlyphs.Missing);

    /// <summary>Width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (no trailing gap).</summary>
    /// <param name="text">Single-line text.</param>
    /// <param name="scale">Pixel multiplier, at least 1.</param>
    public static int MeasureWidth(string text, int scale)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        return text.Length == 0 ? 0 : ((text.Length * Advance) - 1) * scale;
    }

    /// <summary>Height in pixels of a line drawn at <paramref name="scale"/>, descenders included.</summary>
    /// <param name="scale">Pixel multiplier, at least 1.</param>
    public static int MeasureHeight(int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        return (GlyphHeight + Descent) * scale;
    }

    /// <summary>True when <paramref name="c"/> has its own glyph.</summary>
    /// <param name="c">The character.</param>
    public static bool Covers(char c) => _glyphs.ContainsKey(c);

    /// <summary>Nine row masks (cap height plus descent), top to bottom; bit 4 is the leftmost column.</summary>
    internal static byte[] GetRows(char c) => _glyphs.TryGetValue(c, out var rows) ? rows : _missing;

    private static byte[] Parse(string rows)
    {
        var parts = rows.Split(' ');
        if ((parts.Length != GlyphHeight && parts.Length != GlyphHeight + Descent) || parts.Any(p => p.Length != GlyphWidth))
        {
            throw new InvalidOperationException($"Malformed glyph '{rows}'.");
        }

        var masks = new byte[GlyphHeight + Descent];
        for (var r = 0; r < parts.Length; r++)
        {
            masks[r] = (byte)parts[r].Aggregate(0, (mask, ch) => (mask << 1) | (ch == '#' ? 1 : 0));
        }

        return masks;
    }
}
