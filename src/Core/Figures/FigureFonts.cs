using Orleans.Lse.Core.Imaging;
using ScottPlot;
using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Gives ScottPlot the pictures' embedded typeface: with the pinned SkiaSharp 4 its own lookup of system fonts draws no
/// text at all, and an embedded face renders the same on every host.
/// </summary>
internal static class FigureFonts
{
    public const string Family = "Lse Sans";

    private static readonly Lazy<bool> s_registered = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new EmbeddedResolver());
        Fonts.Default = Family;
        Fonts.Sans = Family;
        return true;
    });

    /// <summary>A new plot whose every label uses the embedded face.</summary>
    public static Plot NewPlot()
    {
        _ = s_registered.Value;
        var plot = new Plot();
        plot.Font.Set(Family);
        return plot;
    }

    private sealed class EmbeddedResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            fontName == Family ? GalleryFonts.Regular : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == Family ? GalleryFonts.Regular : null;
    }
}
