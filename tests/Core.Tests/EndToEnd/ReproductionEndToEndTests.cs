using System.Text.Json;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.Training;

namespace Orleans.Lse.Core.Tests.EndToEnd;

/// <summary>
/// The reproduce pipeline on a small MNIST subset with tiny training budgets: data fetch (cached in $LSE_CACHE or
/// ./.cache), training, LSE/LAE for both variants, the oracle, and every output file; then a second run that must
/// reuse the checkpoints and give identical results.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Mnist)]
public sealed class ReproductionEndToEndTests
{
    [Fact]
    public void SmallReproductionWritesConsistentResultsAndReusesModels()
    {
        using var work = new TempDirectory();
        var options = new ReproductionOptions
        {
            Device = DeviceKind.Cpu,
            CacheDirectory = DatasetCatalog.DefaultCacheDirectory,
            ModelDirectory = Path.Combine(work.Path, "models"),
            OutputDirectory = Path.Combine(work.Path, "out"),
            LatentSizes = [2, 3],
            TestLimit = 300,
            LaeImages = 4,
            OracleLaeImages = 2,
            GalleryRows = 6,
            ClassifierTraining = new TrainingOptions { Epochs = 1, TrainLimit = 3000, LearningRate = 3e-3 },
            VaeTraining = new TrainingOptions { Epochs = 1, TrainLimit = 3000 },
            PaperSearch = SearchOptions.Paper with { MaxSteps = 200 },
            ImprovedSearch = SearchOptions.Improved with { MaxSteps = 200, Restarts = 3, RefineSteps = 20 },
        };
        var logs = new List<string>();

        var report = new PaperReproduction(options, log: logs.Add).Run();

        Assert.Equal(300, report.TestImages);
        Assert.Equal(3, report.Models.Count);
        Assert.All(report.Models, m => Assert.Equal(64, m.WeightsSha256.Length));
        foreach (int d in new[] { 2, 3 })
        {
            int wrong = report.Misclassified[$"d{d}"];
            Assert.InRange(wrong, 1, 300);
            foreach (var variant in new[] { "paper-gd", "improved" })
            {
                var lse = report.Summaries.Single(s => s.LatentSize == d && s.Variant == variant && s.Mode == "LSE" && s.Set == "all");
                var lae = report.Summaries.Single(s => s.LatentSize == d && s.Variant == variant && s.Mode == "LAE" && s.Set == "all");
                Assert.Equal(wrong, lse.Searches);
                Assert.Equal(4 * 9, lae.Searches);
                Assert.Equal((double)lse.Successes / lse.Searches, lse.SuccessRate, 12);
                Assert.Equal(9, lae.PerTarget.Sum(t => t.Searches) / 4);
                Assert.Equal(lae.Successes, lae.PerTarget.Sum(t => t.Successes));
                // The batch-mean reading: N = the paper's 87 for LSE, the LAE searches per target class (36 / 10) for LAE.
                Assert.Equal(variant == "paper-gd" ? (87, 4) : (1, 1), (lse.Options!.LossMeanOver, lae.Options!.LossMeanOver));
            }
        }

        Assert.Equal(4, report.Oracle.Count);
        Assert.All(report.Oracle, o => Assert.InRange(o.SolvedOfSolvable, 0, o.Solvable));

        string output = options.OutputDirectory;
        var csv = File.ReadAllLines(Path.Combine(output, "searches.csv"));
        Assert.Equal(1 + report.Summaries.Where(s => s.Set == "all").Sum(s => s.Searches), csv.Length);
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var cells in rows)
        {
            // variant,mode,d,id,image,true_label,target,initial_prediction,final_prediction,success,...,eps_norm (14)
            if (cells[1] == "Lae")
            {
                Assert.NotEqual(cells[5], cells[6]); // LAE never targets the true label
            }
            else
            {
                Assert.Equal(cells[5], cells[6]); // LSE targets the true label of a misclassified image
                Assert.NotEqual(cells[5], cells[7]);
            }

            Assert.Equal(bool.Parse(cells[9]), cells[8] == cells[6]); // a success ends on target, a failure does not
        }

        // The summary's figures are those of its rows.
        foreach (var s in report.Summaries.Where(s => s.Set == "all"))
        {
            var mine = rows.Where(c => c[0] == s.Variant && c[1].Equals(s.Mode, StringComparison.OrdinalIgnoreCase) && c[2] == s.LatentSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(s.Searches, mine.Count);
            var succeeded = mine.Where(c => bool.Parse(c[9])).ToList();
            Assert.Equal(s.Successes, succeeded.Count);
            if (succeeded.Count > 0)
            {
                Assert.Equal(succeeded.Average(c => double.Parse(c[14], System.Globalization.CultureInfo.InvariantCulture)), s.MeanEpsNorm, 4);
            }
        }

        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json"))))
        {
            Assert.Equal("mnist", json.RootElement.GetProperty("Dataset").GetString());
        }

        string summary = File.ReadAllText(Path.Combine(output, "summary.txt"));
        Assert.Contains("LSE d=2", summary, StringComparison.Ordinal);
        Assert.Contains("on the mean CE of each experiment's batch", summary, StringComparison.Ordinal);
        foreach (var gallery in new[] { "gallery-lse-d2-paper-gd.png", "gallery-lae-d3-improved.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(output, gallery));
            Assert.Equal(0x89, bytes[0]);
            Assert.Equal((byte)'P', bytes[1]);
        }

        // The report: self-contained, every link resolves, the figures the sizes allow are drawn and listed.
        string html = Path.Combine(output, "report.html");
        Assert.Empty(ReportLinks.Broken(html));
        Assert.InRange(ReportLinks.Count(html), 20, 100_000);
        string text = File.ReadAllText(html);
        Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        foreach (var figure in new[] { "figures/success-eps-vs-d.png", "figures/fig2-class-map.png", "figures/bias-lse-d2.png", "figures/fig5-across-latent-sizes.png" })
        {
            Assert.True(File.Exists(Path.Combine(output, figure)), $"{figure} was not drawn");
            Assert.Contains($"id=\"{Path.GetFileNameWithoutExtension(figure)}\"", text, StringComparison.Ordinal);
        }

        foreach (var d in new[] { 2, 3 })
        {
            var manifest = File.ReadAllLines(Path.Combine(output, $"edge-cases/d{d}/manifest.csv"));
            var labels = Orleans.Lse.Core.Data.IdxReader.Read(Path.Combine(output, $"edge-cases/d{d}/labels-idx1-ubyte"));
            Assert.Equal(manifest.Length - 1, labels.Dimensions[0]);
            Assert.All(manifest.Skip(1).Select(l => l.Split(',')), c => Assert.Equal(c[4] == "inside", c[5] == c[7]));
        }

        // Second run: models come from the checkpoints, results are identical.
        var again = new PaperReproduction(options with { OutputDirectory = Path.Combine(work.Path, "out2"), Report = false }, log: logs.Add).Run();
        Assert.False(File.Exists(Path.Combine(work.Path, "out2", "report.html")));
        Assert.Contains(logs, l => l.StartsWith("loaded CNN", StringComparison.Ordinal));
        Assert.Equal(
            report.Summaries.Select(s => (s.Variant, s.Mode, s.LatentSize, s.Set, s.Successes, s.MeanEpsNorm)),
            again.Summaries.Select(s => (s.Variant, s.Mode, s.LatentSize, s.Set, s.Successes, s.MeanEpsNorm)));
    }
}
