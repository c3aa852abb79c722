using System.Globalization;
using System.Text;
using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// Reproductions on several datasets in one table: per mode and latent size, each dataset's plain GD and improved search
/// (every selected image: all misclassified for LSE, the weighted average over targets for LAE), and the paper's figures
/// in a column of their own for the one dataset it has figures for (MNIST).
/// </summary>
public static class DatasetComparisonTable
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;
    private static readonly (string Variant, string Name)[] s_variants = [("paper-gd", "plain GD"), ("improved", "improved")];

    /// <summary>What the table's cells hold.</summary>
    public const string Legend = "Success rate / mean ||eps|| of the successes (successes/searches); LSE on every misclassified test image, LAE over every target.";

    /// <summary>The table's title line.</summary>
    public const string Title = "Datasets side by side: success rate / mean ||eps|| of the successes (successes/searches); LSE on every misclassified test image, LAE over every target.";

    /// <summary>The paper column's note, when the table has one.</summary>
    public const string PaperNote = "Paper: its MNIST figures (LSE on the first 87 misclassified images, LAE's weighted average); it has none for other datasets.";

    /// <summary>The table's cells: a line per run, the header, a row per (mode, d), and whether it has the paper's column.</summary>
    public static (IReadOnlyList<string> Runs, string[] Headers, IReadOnlyList<string[]> Rows, bool Paper) Cells(IReadOnlyList<ReproductionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentOutOfRangeException.ThrowIfZero(reports.Count);
        var columns = reports.SelectMany(r => s_variants.Where(v => r.Summaries.Any(s => s.Variant == v.Variant)).Select(v => (Report: r, v.Variant, Header: $"{Label(r)}: {v.Name}"))).ToList();
        bool paper = reports.Any(r => PaperFigures.For(r.Dataset) is not null);
        var runs = reports.Select(r => string.Create(s_inv, $"{Label(r)}: {r.TestImages} test images, misclassified {string.Join(", ", r.Misclassified.Select(kv => $"{kv.Key} {kv.Value}"))}")).ToList();
        string[] headers = ["Experiment", .. paper ? ["Paper (MNIST)"] : Array.Empty<string>(), .. columns.Select(c => c.Header)];
        var rows = new List<string[]>();
        foreach (var (mode, d) in reports.SelectMany(r => r.Summaries).Where(s => s.Set == "all").Select(s => (s.Mode, s.LatentSize)).Distinct().OrderBy(k => k.Mode, StringComparer.Ordinal).ThenBy(k => k.LatentSize))
        {
            string published = PaperFigures.Mnist(mode, d) is { } p ? string.Create(s_inv, $"{p.Rate:P2} / {p.Eps:0.###}") : "-";
            rows.Add([$"{mode} d={d}", .. paper ? [published] : Array.Empty<string>(), .. columns.Select(c => Cell(c.Report, c.Variant, mode, d))]);
        }

        return (runs, headers, rows, paper);
    }

    public static string Format(IReadOnlyList<ReproductionReport> reports)
    {
        var (runs, headers, rows, paper) = Cells(reports);
        var text = new StringBuilder();
        text.AppendLine(Title);
        foreach (string run in runs)
        {
            text.AppendLine(s_inv, $"  {run}");
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        text.AppendLine("| " + string.Join(" | ", headers.Select((h, i) => h.PadRight(widths[i]))) + " |");
        text.AppendLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
        }

        if (paper)
        {
            text.AppendLine(PaperNote);
        }

        return text.ToString();
    }

    /// <summary>The dataset, and which VAE when it is not the paper's MLP.</summary>
    public static string Label(ReproductionReport report) => report.Options.Vae == ModelKind.ConvVae ? $"{report.Dataset} conv VAE" : report.Dataset;

    private static string Cell(ReproductionReport report, string variant, string mode, int d) =>
        report.Summaries.FirstOrDefault(s => s.Variant == variant && s.Mode == mode && s.LatentSize == d && s.Set == "all") is { } s
            ? string.Create(s_inv, $"{s.SuccessRate:P2} / {(double.IsFinite(s.MeanEpsNorm) ? s.MeanEpsNorm.ToString("0.###", s_inv) : "-")} ({s.Successes}/{s.Searches})")
            : "-";
}
