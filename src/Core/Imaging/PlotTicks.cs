using System.Globalization;

namespace Orleans.Lse.Core.Imaging;

/// <summary>Axis tick helpers for <see cref="LinePlot"/>.</summary>
internal static class PlotTicks
{
    /// <summary>"Nice" ticks (steps of 1, 2 or 5 times a power of ten) covering the values.</summary>
    public static (List<double> Ticks, double Step) Nice(IEnumerable<double> values)
    {
        var list = values.ToList();
        double lo = list.Count > 0 ? list.Min() : 0, hi = list.Count > 0 ? list.Max() : 1;
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            (lo, hi) = (lo - Math.Max(0.5, Math.Abs(lo) * 0.1), hi + Math.Max(0.5, Math.Abs(hi) * 0.1));
        }

        var raw = (hi - lo) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var norm = raw / magnitude;
        var step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * magnitude;
        var first = Math.Floor(lo / step);
        var count = (int)Math.Ceiling(hi / step) - (int)first;
        return (Enumerable.Range(0, count + 1).Select(i => (first + i) * step).ToList(), step);
    }

    /// <summary>Formats a tick value with just enough decimals for the step (invariant culture).</summary>
    public static string Format(double value, double step)
    {
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)), 0, 6);
        var text = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return text.TrimStart('-').Trim('0', '.').Length == 0 ? "0" : text;
    }
}
