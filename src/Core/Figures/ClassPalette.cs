using SkiaSharp;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// One colour per class, the same in every figure: Tableau's ten (as matplotlib's tab10) for classes 0-9, then hues
/// spaced by the golden angle.
/// </summary>
public static class ClassPalette
{
    private static readonly SKColor[] s_tab10 =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189),
        new(140, 86, 75), new(227, 119, 194), new(127, 127, 127), new(188, 189, 34), new(23, 190, 207),
    ];

    /// <summary>The colour of class <paramref name="label"/>.</summary>
    public static SKColor For(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        return label < s_tab10.Length ? s_tab10[label] : SKColor.FromHsl((float)((label * 137.508) % 360), 55, 50);
    }

    /// <summary>The same colour for ScottPlot.</summary>
    public static ScottPlot.Color Scott(int label)
    {
        var c = For(label);
        return new ScottPlot.Color(c.Red, c.Green, c.Blue);
    }

    /// <summary>A class's colour made lighter (towards white by <paramref name="amount"/>), for filled regions under marks.</summary>
    public static ScottPlot.Color Light(int label, double amount = 0.35)
    {
        var c = For(label);
        byte Mix(byte v) => (byte)Math.Round(v + ((255 - v) * amount));
        return new ScottPlot.Color(Mix(c.Red), Mix(c.Green), Mix(c.Blue));
    }
}
