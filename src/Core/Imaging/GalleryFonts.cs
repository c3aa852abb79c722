using SkiaSharp;

namespace Orleans.Lse.Core.Imaging;

/// <summary>
/// The typeface of every picture: DejaVu Sans, embedded in the assembly (Fonts/, Bitstream Vera licence), so that text
/// renders the same on every host whatever fonts it has installed.
/// </summary>
internal static class GalleryFonts
{
    private static readonly Lazy<SKTypeface> s_regular = new(() => Load("DejaVuSans.ttf"));

    public static SKTypeface Regular => s_regular.Value;

    public static SKFont Font(float size) => new(Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    private static SKTypeface Load(string name)
    {
        var assembly = typeof(GalleryFonts).Assembly;
        string resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var data = SKData.Create(stream);
        var typeface = SKTypeface.FromData(data);
        return typeface is null || typeface.IsEmpty ? throw new InvalidOperationException($"The embedded font {name} could not be loaded.") : typeface;
    }
}
