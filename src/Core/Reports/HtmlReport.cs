using System.Globalization;
using System.Net;
using System.Text;

namespace Orleans.Lse.Core.Reports;

/// <summary>
/// Writes a report as one self-contained HTML file: its pictures embedded as data URIs, its style inline, no script and
/// nothing fetched from elsewhere; links go only to files beside it (edge-case sets, result files) and to its own sections.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report's file name in its folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, reading its figures from <paramref name="directory"/>.</summary>
    public static void Write(string path, ReportContent content, string directory)
    {
        ArgumentNullException.ThrowIfNull(content);
        var input = content.Input;
        var html = HtmlPage.Start(input.Title);
        html.AppendLine(CultureInfo.InvariantCulture, $"<h1>{E(input.Title)}</h1>");
        html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"muted\">Dataset {E(input.Dataset)}{(input.DatasetChecksum.Length > 0 ? $" (sha256 {E(input.DatasetChecksum)})" : "")}; {input.Searches.Count:N0} searches; written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.</p>");
        if (!string.IsNullOrEmpty(input.DashboardUrl))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<p>Live view: <a href=\"{E(input.DashboardUrl)}\">{E(input.DashboardUrl)}</a></p>");
        }

        html.AppendLine("<nav><ol>");
        foreach (var (id, title) in ReportBuilder.Sections.Prepend(("table", "Results")).Append(("configuration", "Configuration and models")))
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<li><a href=\"#{id}\">{E(title)}</a></li>");
        }

        html.AppendLine("</ol></nav>");
        Table(html, content.Summary);
        foreach (var (id, title) in ReportBuilder.Sections)
        {
            html.AppendLine(CultureInfo.InvariantCulture, $"<h2 id=\"{id}\">{E(title)}</h2>");
            if (content.Notes.TryGetValue(id, out var notes))
            {
                foreach (var note in notes)
                {
                    // Notes are the builder's own text (numbers and relative links it wrote), so they go in as markup.
                    html.AppendLine(CultureInfo.InvariantCulture, $"<p class=\"note\">{note}</p>");
                }
            }

            var figures = content.Figures.Where(f => f.Section == id).ToList();
            if (figures.Count == 0 && notes is null)
            {
                html.AppendLine("<p class=\"muted\">Nothing to show for this run (its latent sizes or results do not allow this figure).</p>");
            }

            foreach (var figure in figures)
            {
                var bytes = File.ReadAllBytes(Path.Combine(directory, figure.File));
                html.AppendLine(CultureInfo.InvariantCulture, $"<figure id=\"{E(Anchor(figure.File))}\"><h3>{E(figure.Title)}</h3>");
                html.AppendLine(CultureInfo.InvariantCulture, $"<img alt=\"{E(figure.Title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(bytes)}\">");
                html.AppendLine(CultureInfo.InvariantCulture, $"<figcaption>{E(figure.Caption)} <a href=\"{E(figure.File)}\">{E(figure.File)}</a></figcaption></figure>");
            }
        }

        html.AppendLine("<h2 id=\"configuration\">Configuration and models</h2>");
        if (input.Models.Count > 0)
        {
            html.AppendLine("<table><tr><th class=\"l\">role</th><th class=\"l\">kind</th><th>d</th><th class=\"l\">weights sha256</th></tr>");
            foreach (var m in input.Models)
            {
                html.AppendLine(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(m.Role)}</td><td class=\"l\">{E(m.Kind)}</td><td>{m.LatentSize}</td><td class=\"l\"><code>{E(m.WeightsSha256)}</code></td></tr>");
            }

            html.AppendLine("</table>");
        }

        html.AppendLine(CultureInfo.InvariantCulture, $"<pre>{E(input.ConfigurationJson)}</pre>");
        var files = input.Files.Where(f => File.Exists(Path.Combine(directory, f))).ToList();
        if (files.Count > 0)
        {
            html.AppendLine("<p>Files of the run: " + string.Join(", ", files.Select(f => $"<a href=\"{E(f)}\">{E(f)}</a>")) + "</p>");
        }

        html.AppendLine("</body></html>");
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, html.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    private static void Table(StringBuilder html, IReadOnlyList<SummaryRow> rows)
    {
        bool paper = rows.Any(r => r.PaperRate is not null);
        html.AppendLine("<h2 id=\"table\">Results</h2><table><tr><th class=\"l\">mode</th><th class=\"l\">variant</th><th>d</th><th>searches</th><th>successes</th><th>success rate</th><th>mean ||eps||</th><th>median steps</th>"
            + (paper ? "<th>paper rate</th><th>paper ||eps||</th>" : "") + "</tr>");
        foreach (var r in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"l\">{E(r.Mode)}</td><td class=\"l\">{E(r.Variant)}</td><td>{r.LatentSize}</td><td>{r.Searches:N0}</td><td>{r.Successes:N0}</td><td>{r.SuccessRate:P1}</td><td>{Number(r.MeanEpsNorm, "0.###")}</td><td>{Number(r.MedianSteps, "0")}</td>");
            if (paper)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{(r.PaperRate is { } rate ? Number(rate * 100, "0.0") + "%" : "")}</td><td>{Number(r.PaperEps ?? double.NaN, "0.###")}</td>");
            }

            html.AppendLine("</tr>");
        }

        html.AppendLine("</table>");
        if (paper)
        {
            html.AppendLine("<p class=\"muted\">Paper: the MNIST figures of sections 3.2.1 and 3.2.2 (success rate, mean ||eps||).</p>");
        }
    }

    /// <summary>A figure's anchor: its file name without folder and extension.</summary>
    public static string Anchor(string file) => Path.GetFileNameWithoutExtension(file);

    private static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
