using System.Globalization;
using System.Net;
using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Core.Reports;

/// <summary>
/// The page of a reproduction on several datasets or VAEs: their table side by side (<see cref="DatasetComparisonTable"/>)
/// and a link to each run's own report. Self-contained like <see cref="HtmlReport"/>: inline style, no script.
/// </summary>
public static class ComparisonReport
{
    /// <summary>The page's file name in the output folder.</summary>
    public const string FileName = "comparison.html";

    /// <summary>Writes the page to <paramref name="path"/>; <paramref name="reportPaths"/> holds each run's report.html (null: none written).</summary>
    public static void Write(string path, IReadOnlyList<ReproductionReport> reports, IReadOnlyList<string?> reportPaths)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(reportPaths);
        ArgumentOutOfRangeException.ThrowIfNotEqual(reportPaths.Count, reports.Count);
        var (runs, headers, rows, paper) = DatasetComparisonTable.Cells(reports);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var html = HtmlPage.Start("Runs side by side", withImages: false);
        html.AppendLine("<h1>Runs side by side</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(DatasetComparisonTable.Legend)} Written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>");
        html.AppendLine("<table><thead><tr>");
        foreach (var (header, i) in headers.Select((h, i) => (h, i)))
        {
            html.Append(CultureInfo.InvariantCulture, $"<th{(i == 0 ? " class=\"l\"" : "")}>{E(header)}</th>");
        }

        html.AppendLine("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var (cell, i) in row.Select((c, i) => (c, i)))
            {
                html.Append(CultureInfo.InvariantCulture, $"<td{(i == 0 ? " class=\"l\"" : "")}>{E(cell)}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</tbody></table>");
        if (paper)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(DatasetComparisonTable.PaperNote)}</p>");
        }

        html.AppendLine("<h2>The runs</h2><ul>");
        for (int i = 0; i < reports.Count; i++)
        {
            string link = reportPaths[i] is { } report
                ? $" · <a href=\"{E(Path.GetRelativePath(folder, report).Replace('\\', '/'))}\">its report</a>"
                : "";
            html.AppendLine(CultureInfo.InvariantCulture, $"<li>{E(runs[i])}{link}</li>");
        }

        html.AppendLine("</ul></body></html>");
        File.WriteAllText(path + ".tmp", html.ToString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
