using System.Globalization;
using System.Text;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// One experiment's aggregates as a text table, one row per (mode, d). <c>lse reproduce</c> (per search variant) and the
/// campaign commands print this same table, so the same spec gives the same text.
/// </summary>
public static class ExperimentTable
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <param name="title">The table's first line.</param>
    /// <param name="dataset">The dataset's name: for "mnist" the paper's figures stand beside ours; no such column for others.</param>
    /// <param name="rows">The aggregates, one per (mode, d).</param>
    public static string Format(string title, string dataset, IEnumerable<ExperimentAggregate> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.AppendLine(title);
        // The paper's column only where it has figures for the dataset (MNIST).
        bool published = PaperFigures.For(dataset) is not null;
        sb.AppendLine("| Mode | d    | Searches | Successes | Success  | Macro    | Mean ||eps|| | Median ||eps|| | Mean steps |" + (published ? " Paper            |" : ""));
        sb.AppendLine("|------|------|----------|-----------|----------|----------|--------------|----------------|------------|" + (published ? "------------------|" : ""));
        foreach (var a in rows.OrderBy(a => a.Mode, StringComparer.Ordinal).ThenBy(a => a.LatentSize))
        {
            string paper = !published ? "" : $" {(PaperFigures.Mnist(a.Mode, a.LatentSize) is { } p ? string.Create(s_inv, $"{p.Rate:P2} / {p.Eps:0.###}") : "-"),-16} |";
            sb.AppendLine(s_inv, $"| {a.Mode,-4} | {a.LatentSize,4} | {a.Searches,8} | {a.Successes,9} | {Percent(a.SuccessRate),8} | {Percent(a.MacroSuccessRate),8} | {Number(a.MeanEpsNorm),12} | {Number(a.MedianEpsNorm),14} | {Number(a.MeanSteps),10} |{paper}");
        }

        sb.AppendLine("Success: successes / searches (for LAE the paper's average over targets weighted by their searches). Macro: the");
        sb.AppendLine("unweighted mean over (true class, target) pairs. ||eps|| and steps (to the first success) are over the successes.");
        return sb.ToString();
    }

    /// <summary>The title line for a search preset's experiment on a dataset.</summary>
    public static string Title(string preset, string dataset) => $"{preset} search on {dataset}:";

    private static string Percent(double v) => double.IsFinite(v) ? v.ToString("P2", s_inv) : "-";

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.###", s_inv) : "-";
}
