using System.Globalization;
using System.Text;

namespace Orleans.Lse.Core.Experiments;

/// <summary>The report as text: our figures beside the paper's (sections 3.2.1 and 3.2.2).</summary>
public static class PaperTable
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static string Format(ReproductionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.AppendLine(s_inv, $"Dataset {report.Dataset} ({report.TestImages} test images), device {report.Device}, {report.TotalSeconds:F0}s");
        foreach (var m in report.Models)
        {
            var metrics = string.Join(", ", m.Metrics.Select(kv => string.Create(s_inv, $"{kv.Key} {kv.Value:0.####}")));
            sb.AppendLine(s_inv, $"  {m.Role,-12} {m.Kind,-7} d={m.LatentSize,-3} sha256 {m.WeightsSha256[..12]}  {metrics}");
        }

        sb.AppendLine(s_inv, $"  misclassified: {string.Join(", ", report.Misclassified.Select(kv => $"{kv.Key} {kv.Value}"))}");
        sb.AppendLine();
        // The paper's column only where it has figures for the dataset (MNIST).
        bool paper = PaperFigures.For(report.Dataset) is not null;
        sb.AppendLine(paper ? "| Experiment                         | Paper   | Plain GD (ours)        | Improved (ours)        |" : "| Experiment                         | Plain GD               | Improved               |");
        sb.AppendLine(paper ? "|------------------------------------|---------|------------------------|------------------------|" : "|------------------------------------|------------------------|------------------------|");
        Row(sb, report, paper, "LSE", 2, "paper87", "LSE d=2, first 87 misclassified", "78.16%", "0.10");
        Row(sb, report, paper, "LSE", 10, "paper87", "LSE d=10, first 87 misclassified", "95.40%", "0.217");
        Row(sb, report, paper, "LSE", 2, "all", "LSE d=2, all misclassified", "-", "-");
        Row(sb, report, paper, "LSE", 10, "all", "LSE d=10, all misclassified", "-", "-");
        Row(sb, report, paper, "LAE", 2, "all", "LAE d=2, weighted average", "22.34%", "0.52");
        Row(sb, report, paper, "LAE", 10, "all", "LAE d=10, weighted average", "91.11%", "1.53");
        sb.AppendLine(paper ? "Cells: success rate / mean ||eps|| of the successes (paper: success / mean distance)." : "Cells: success rate / mean ||eps|| of the successes (the paper has no figures for this dataset).");
        sb.AppendLine(report.Options.PaperBatchMean
            ? string.Create(s_inv, $"Plain GD: lambda {report.Options.PaperSearch.StepSize} on the mean CE of each experiment's batch (N = {report.Options.PaperLseCount} LSE, searches per target LAE), budget {report.Options.PaperSearch.MaxSteps}.")
            : string.Create(s_inv, $"Plain GD: lambda {report.Options.PaperSearch.StepSize} on each search's own CE (mean-over {report.Options.PaperSearch.LossMeanOver}), budget {report.Options.PaperSearch.MaxSteps}."));

        foreach (var table in ExperimentTables(report))
        {
            sb.AppendLine();
            sb.Append(table);
        }

        if (report.Oracle.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Against the exhaustive 2-D grid oracle (d=2):");
            sb.AppendLine("| Variant  | Mode | Searches | Solvable | Solved of solvable | Median ||eps||/oracle min | Median ||eps|| | Median oracle min |");
            sb.AppendLine("|----------|------|----------|----------|--------------------|---------------------------|----------------|-------------------|");
            foreach (var o in report.Oracle)
            {
                sb.AppendLine(s_inv, $"| {o.Variant,-8} | {o.Mode,-4} | {o.Searches,8} | {o.Solvable,8} | {o.SolvedOfSolvable,6} ({o.SolvedRate,7:P2})  | {o.MedianNormRatio,25:F3} | {o.MedianEpsNorm,14:F3} | {o.MedianOracleNorm,17:F3} |");
            }
        }

        if (report.StopRules.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Plain GD, 1000-step budget, without vs with the stopping rules:");
            foreach (var s in report.StopRules)
            {
                double speedup = s.SecondsWith > 0 ? s.SecondsWithout / s.SecondsWith : double.NaN;
                sb.AppendLine(s_inv, $"  d={s.LatentSize}: {s.Searches} searches, {s.SecondsWithout:F1}s -> {s.SecondsWith:F1}s ({speedup:F1}x; example-steps {s.ExampleStepsWithout:N0} -> {s.ExampleStepsWith:N0}), successes {s.SuccessesWithout} -> {s.SuccessesWith}, lost {s.SuccessesLost} (plus {s.FarOutSuccesses} found beyond twice the data radius without the rules); a rule losing no success must still spend {s.LosslessFloorSteps:N0} example-steps, so no such rule saves more than {(double)s.ExampleStepsWithout / Math.Max(1, s.LosslessFloorSteps):F1}x");
            }
        }

        sb.AppendLine();
        sb.AppendLine("Timing and restarts (seconds: busy time of the experiment's slices, which run side by side with others):");
        foreach (var s in report.Summaries.Where(s => s.Set == "all"))
        {
            var atK = s.SuccessAtRestarts.Count > 1 ? " success@k restarts " + string.Join(" ", s.SuccessAtRestarts.Select((v, k) => string.Create(s_inv, $"{k}:{v:P0}")).Where((_, k) => k is 0 or 1 or 2 or 4 || k == s.SuccessAtRestarts.Count - 1)) : string.Empty;
            sb.AppendLine(s_inv, $"  {s.Variant,-8} {s.Mode} d={s.LatentSize,-2} {s.Searches,4} searches {s.Seconds,6:F1}s, mean steps to success {s.MeanSteps,6:F1}, stops [{string.Join(", ", s.StopReasons.Select(kv => $"{kv.Key} {kv.Value}"))}]{atK}");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Each search variant's experiment as <see cref="ExperimentTable"/> prints it (every selected image): the table that
    /// the campaign commands print for the same spec.
    /// </summary>
    public static IReadOnlyList<string> ExperimentTables(ReproductionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return [.. report.Summaries.Where(s => s.Set == "all").GroupBy(s => s.Variant)
            .Select(g => ExperimentTable.Format(ExperimentTable.Title(Preset(report.Options, g.Key), report.Dataset), report.Dataset, g))];
    }

    /// <summary>The campaign search preset that runs the same searches as the reproduction's variant.</summary>
    public static string Preset(ReproductionOptions options, string variant) =>
        variant == "improved" ? "improved" : options.PaperBatchMean ? "paper-mean" : "paper";

    private static void Row(StringBuilder sb, ReproductionReport report, bool paper, string mode, int d, string set, string label, string paperRate, string paperNorm)
    {
        string Cell(string variant)
        {
            var s = report.Summaries.FirstOrDefault(x => x.Mode == mode && x.LatentSize == d && x.Set == set && x.Variant == variant);
            return s is null ? "n/a" : string.Create(s_inv, $"{s.SuccessRate,7:P2} / {s.MeanEpsNorm:F3} ({s.Successes}/{s.Searches})");
        }

        if (!report.Summaries.Any(x => x.LatentSize == d))
        {
            return;
        }

        string published = paper ? $" {(paperRate == "-" ? "-" : $"{paperRate} / {paperNorm}"),-7} |" : "";
        sb.AppendLine(s_inv, $"| {label,-34} |{published} {Cell("paper-gd"),-22} | {Cell("improved"),-22} |");
    }
}
