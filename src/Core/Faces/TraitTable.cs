using System.Globalization;
using System.Net;
using System.Text;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// A CelebA campaign's results in the shape of the paper's table 1, a row per trait, mode and d with the paper's LSE rate
/// where its text is legible: as text (<c>lse campaign watch</c>) and as HTML rows (the campaign's report).
/// </summary>
public static class TraitTable
{
    /// <summary>Below the table, wherever it is shown.</summary>
    public const string Legend = "LSE: misclassified test images made right for the trait's classifier; LAE: correctly classified ones pushed to the other class. "
        + "Mean and median ||eps|| over the successes. Paper: table 1's LSE rate where its text is legible.";

    /// <summary>The paper's rate for <paramref name="trait"/>'s LSE searches, "-" for LAE or where the paper's text is garbled.</summary>
    public static string PaperRate(string trait, bool lse) =>
        lse && TraitExplanation.PaperRates.TryGetValue(trait, out double rate) ? rate.ToString("P0", CultureInfo.InvariantCulture) : "-";

    /// <summary>The table as aligned text, headed by <paramref name="title"/>.</summary>
    public static string Text(string title, IEnumerable<TraitTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(title);
        text.AppendLine("| Trait              | Mode |    d | Searches | Successes | Success  | Mean ||eps|| | Median ||eps|| | Paper |");
        text.AppendLine("|--------------------|------|------|----------|-----------|----------|--------------|----------------|-------|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(inv, $"| {r.Trait,-18} | {r.ModeName,-4} | {r.LatentSize,4} | {r.Searches,8} | {r.Successes,9} | {Rate(r),8} | {Number(r.MeanEpsNorm),12} | {Number(r.MedianEpsNorm),14} | {PaperRate(r.Trait, r.IsLse),5} |"));
        }

        text.AppendLine(Legend);
        return text.ToString();
    }

    /// <summary>The table as one HTML table element followed by its legend, every text encoded.</summary>
    public static string Html(IEnumerable<TraitTableRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var inv = CultureInfo.InvariantCulture;
        var html = new StringBuilder();
        html.AppendLine("<table><thead><tr><th class=\"l\">Trait</th><th class=\"l\">Mode</th><th>d</th><th>Searches</th><th>Successes</th><th>Success</th><th>Mean ||eps||</th><th>Median ||eps||</th><th>Paper</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            html.AppendLine(string.Create(inv, $"<tr><td class=\"l\">{E(r.Trait)}</td><td class=\"l\">{r.ModeName}</td><td>{r.LatentSize}</td><td>{r.Searches}</td><td>{r.Successes}</td><td>{Rate(r)}</td><td>{Number(r.MeanEpsNorm)}</td><td>{Number(r.MedianEpsNorm)}</td><td>{PaperRate(r.Trait, r.IsLse)}</td></tr>"));
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine(inv, $"<p class=\"note\">{E(Legend)}</p>");
        return html.ToString();
    }

    private static string Rate(TraitTableRow r) => r.Searches == 0 || !double.IsFinite(r.SuccessRate) ? "-" : r.SuccessRate.ToString("P2", CultureInfo.InvariantCulture);

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
