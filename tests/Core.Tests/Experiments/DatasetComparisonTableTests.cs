using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Core.Tests.Experiments;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class DatasetComparisonTableTests
{
    [Fact]
    public void DatasetsStandSideBySideWithThePapersColumnForMnistOnly()
    {
        var mnist = Report("mnist", ("improved", "LSE", 2, 9, 10), ("paper-gd", "LSE", 2, 7, 10), ("improved", "LAE", 10, 80, 90));
        var fashion = Report("fashion-mnist", ("improved", "LSE", 2, 40, 50), ("improved", "LAE", 10, 70, 90));

        var table = DatasetComparisonTable.Format([mnist, fashion]).Split('\n');

        var header = table.Single(l => l.StartsWith("| Experiment", StringComparison.Ordinal));
        Assert.Equal(["Experiment", "Paper (MNIST)", "mnist: plain GD", "mnist: improved", "fashion-mnist: improved"], Cells(header));
        Assert.Equal(["LSE d=2", "78.16 % / 0.1", "70.00 % / 0.5 (7/10)", "90.00 % / 0.5 (9/10)", "80.00 % / 0.5 (40/50)"], Cells(table.Single(l => l.StartsWith("| LSE d=2", StringComparison.Ordinal))));
        Assert.Equal(["LAE d=10", "91.11 % / 1.53", "-", "88.89 % / 0.5 (80/90)", "77.78 % / 0.5 (70/90)"], Cells(table.Single(l => l.StartsWith("| LAE d=10", StringComparison.Ordinal))));
        Assert.Contains(table, l => l.Contains("fashion-mnist: 100 test images", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutMnistThereIsNoPapersColumn()
    {
        var table = DatasetComparisonTable.Format([Report("fashion-mnist", ("improved", "LSE", 2, 1, 2)), Report("/data/kmnist", ("improved", "LSE", 2, 2, 2))]);

        Assert.DoesNotContain("Paper", table, StringComparison.Ordinal);
        Assert.Contains("/data/kmnist: improved", table, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConvolutionalVaesRunsStandBesideTheMlps()
    {
        var mlp = Report("fashion-mnist", ("improved", "LSE", 2, 1, 2));
        var conv = Report("fashion-mnist", ("improved", "LSE", 2, 2, 2)) with { Options = new ReproductionOptions { Vae = Core.Models.ModelKind.ConvVae } };

        var header = DatasetComparisonTable.Format([mlp, conv]).Split('\n').Single(l => l.StartsWith("| Experiment", StringComparison.Ordinal));

        Assert.Equal(["Experiment", "fashion-mnist: improved", "fashion-mnist conv VAE: improved"], Cells(header));
    }

    [Fact]
    public void ThePageOfSeveralRunsHoldsTheirTableAndLinksToEachRunsReport()
    {
        using var dir = new Data.TempDirectory();
        var mnist = Report("mnist", ("improved", "LSE", 2, 9, 10));
        var conv = Report("fashion-mnist", ("improved", "LSE", 2, 2, 4)) with { Options = new ReproductionOptions { Vae = Core.Models.ModelKind.ConvVae } };
        string mnistReport = dir.File(Path.Combine("mnist", "report.html"));
        Directory.CreateDirectory(Path.GetDirectoryName(mnistReport)!);
        File.WriteAllText(mnistReport, "<html></html>");

        string page = dir.File(Core.Reports.ComparisonReport.FileName);
        Core.Reports.ComparisonReport.Write(page, [mnist, conv], [mnistReport, null]);

        string html = File.ReadAllText(page);
        Assert.Contains("<th>fashion-mnist conv VAE: improved</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td>90.00 % / 0.5 (9/10)</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>50.00 % / 0.5 (2/4)</td>", html, StringComparison.Ordinal);
        var links = System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["mnist/report.html"], links);
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(dir.Path, l)), l));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    private static string[] Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    private static ReproductionReport Report(string dataset, params (string Variant, string Mode, int D, int Successes, int Searches)[] rows) => new()
    {
        Options = new ReproductionOptions(),
        Dataset = dataset,
        DatasetChecksum = "",
        Device = "cpu",
        Models = [],
        TestImages = 100,
        Misclassified = new Dictionary<string, int> { ["d2"] = 10 },
        Summaries = [.. rows.Select(r => new ExperimentAggregate
        {
            Variant = r.Variant,
            Mode = r.Mode,
            LatentSize = r.D,
            Set = "all",
            Searches = r.Searches,
            Successes = r.Successes,
            SuccessRate = r.Successes / (double)r.Searches,
            MacroSuccessRate = r.Successes / (double)r.Searches,
            MeanEpsNorm = 0.5,
            MedianEpsNorm = 0.5,
            MeanSteps = 10,
            SuccessAtRestarts = [],
        })],
        Oracle = [],
        StopRules = [],
        TotalSeconds = 1,
        FinishedUtc = DateTimeOffset.UnixEpoch,
    };
}
