using System.CommandLine;
using Orleans.Lse.Cli.Progress;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Cli.Commands;

/// <summary><c>lse reproduce</c>: the paper's MNIST experiment end to end, on one dataset or several side by side.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();
        var dataset = new Option<string[]>("--dataset")
        {
            Description = "mnist, fashion-mnist, or a directory holding IDX files (raw or .gz). Several run one after another, each in OUTPUT/NAME, and a table compares them (also OUTPUT/comparison.txt).",
            DefaultValueFactory = _ => ["mnist"],
            AllowMultipleArgumentsPerToken = true,
        };
        var seed = CommonOptions.Seed();
        var output = new Option<string>("--output") { Description = "Directory for report.json, searches.csv, summary.txt and galleries.", DefaultValueFactory = _ => Path.Combine("artifacts", "reproduce") };
        var classifier = new Option<string>("--classifier") { Description = "cnn (default) or vae-head (the paper's head on the frozen VAE encoder).", DefaultValueFactory = _ => "cnn" };
        classifier.AcceptOnlyFromAmong("cnn", "vae-head");
        var vae = new Option<string[]>("--vae") { Description = "Latent models: mlp (the paper's MLP VAE) and/or conv (a convolutional VAE); several run each, side by side.", DefaultValueFactory = _ => ["mlp"], AllowMultipleArgumentsPerToken = true };
        vae.AcceptOnlyFromAmong("mlp", "conv");
        var latent = new Option<int[]>("--latent") { Description = "Latent sizes d (each >= 1).", DefaultValueFactory = _ => [2, 10], AllowMultipleArgumentsPerToken = true };
        var testLimit = new Option<int>("--test-limit") { Description = "Use only the first N test images (0 = all).", DefaultValueFactory = _ => 0 };
        var laeImages = new Option<int>("--lae-images") { Description = "Correctly classified images for LAE (x 9 targets).", DefaultValueFactory = _ => 100 };
        var oracle = new Option<bool>("--oracle") { Description = "Run the exhaustive 2-D grid oracle.", DefaultValueFactory = _ => true };
        var oracleLae = new Option<int>("--oracle-lae-images") { Description = "LAE images whose searches the oracle checks.", DefaultValueFactory = _ => 100 };
        var compare = new Option<bool>("--compare-stop-rules") { Description = "Also run plain GD without stopping rules (1000 steps) to measure their saving." };
        var vaeEpochs = new Option<int>("--vae-epochs") { Description = "VAE training epochs.", DefaultValueFactory = _ => 8 };
        var cnnEpochs = new Option<int>("--classifier-epochs") { Description = "Classifier training epochs.", DefaultValueFactory = _ => 5 };
        var paperSearch = new Option<string>("--paper-search") { Description = "Overrides of the paper search, e.g. \"budget=2000,step=0.05\"." };
        var paperLoss = new Option<string>("--paper-loss") { Description = "batch-mean (default: lambda on the mean CE of the paper's batches, 87 LSE / 90 LAE) or per-search (lambda on each search's own CE).", DefaultValueFactory = _ => "batch-mean" };
        paperLoss.AcceptOnlyFromAmong("batch-mean", "per-search");
        var improvedSearch = new Option<string>("--improved-search") { Description = "Overrides of the improved search, e.g. \"optimizer=adam,restarts=20,refine=200\"." };
        var variants = new Option<string[]>("--variants") { Description = "Search variants to run: paper, improved.", DefaultValueFactory = _ => ["paper", "improved"], AllowMultipleArgumentsPerToken = true };
        variants.AcceptOnlyFromAmong("paper", "improved");
        var galleryRows = new Option<int>("--gallery-rows") { Description = "Searches per PNG gallery (0 = no galleries).", DefaultValueFactory = _ => 40 };
        var report = new Option<bool>("--report") { Description = "Draw the figures, export the edge cases and write report.html.", DefaultValueFactory = _ => true };
        var command = new Command("reproduce", "Fetch MNIST, train or reuse the models, run LSE and LAE (paper GD and improved search) and write the results.")
        {
            device, cache, dataset, seed, output, classifier, vae, latent, testLimit, laeImages, oracle, oracleLae, compare, vaeEpochs, cnnEpochs, paperSearch, paperLoss, improvedSearch, variants, galleryRows, report,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            int s = parse.GetValue(seed);
            var defaults = new ReproductionOptions();
            ReproductionOptions options;
            try
            {
                options = defaults with
            {
                Device = ComputeDevice.Parse(parse.GetValue(device)!),
                CacheDirectory = parse.GetValue(cache)!,
                Dataset = parse.GetValue(dataset)![0],
                OutputDirectory = parse.GetValue(output)!,
                Classifier = parse.GetValue(classifier) == "vae-head" ? ModelKind.VaeHead : ModelKind.Cnn,
                Vae = parse.GetValue(vae)!.FirstOrDefault() == "conv" ? ModelKind.ConvVae : ModelKind.Vae,
                LatentSizes = parse.GetValue(latent)!,
                TestLimit = parse.GetValue(testLimit),
                LaeImages = parse.GetValue(laeImages),
                Oracle = parse.GetValue(oracle),
                OracleLaeImages = parse.GetValue(oracleLae),
                CompareStopRules = parse.GetValue(compare),
                ClassifierTraining = defaults.ClassifierTraining with { Seed = s, Epochs = parse.GetValue(cnnEpochs) },
                VaeTraining = defaults.VaeTraining with { Seed = s, Epochs = parse.GetValue(vaeEpochs) },
                PaperSearch = SearchOptionsText.Apply(defaults.PaperSearch with { Seed = s }, parse.GetValue(paperSearch)),
                PaperBatchMean = parse.GetValue(paperLoss) == "batch-mean",
                ImprovedSearch = SearchOptionsText.Apply(defaults.ImprovedSearch with { Seed = s }, parse.GetValue(improvedSearch)),
                Variants = parse.GetValue(variants)!,
                GalleryRows = parse.GetValue(galleryRows),
                Report = parse.GetValue(report),
            };
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return Task.FromResult(2);
            }

            string[] datasets = parse.GetValue(dataset)!;
            if (datasets.Length == 0 || datasets.Select(FolderName).Distinct(StringComparer.Ordinal).Count() != datasets.Length)
            {
                Console.Error.WriteLine("error: --dataset needs one or more datasets, each once (and directories whose last parts differ: each writes to OUTPUT/LAST-PART).");
                return Task.FromResult(2);
            }

            var vaes = parse.GetValue(vae)!.Distinct(StringComparer.Ordinal).Select(v => v == "conv" ? ModelKind.ConvVae : ModelKind.Vae).ToList();
            if (vaes.Count == 0 || (options.Classifier == ModelKind.VaeHead && vaes.Contains(ModelKind.ConvVae)))
            {
                Console.Error.WriteLine(vaes.Count == 0 ? "error: --vae needs mlp and/or conv." : "error: the paper's classifier (vae-head) sits on the MLP VAE's encoder: use --vae mlp with it, or the CNN with --vae conv.");
                return Task.FromResult(2);
            }

            if (datasets.SelectMany(n => vaes.Select(v => FolderName(n) + (v == ModelKind.ConvVae ? "-conv" : ""))).Distinct(StringComparer.Ordinal).Count() != datasets.Length * vaes.Count)
            {
                Console.Error.WriteLine("error: two runs would write to one folder (a dataset named like another's conv run, DATASET-conv): rename one of the directories.");
                return Task.FromResult(2);
            }

            return Task.FromResult(CliRunner.Run(() =>
            {
                var reports = new List<ReproductionReport>();
                var reportPaths = new List<string?>();
                foreach (var (name, latentModel) in datasets.SelectMany(n => vaes.Select(v => (n, v))))
                {
                    // One run writes where --output says; several each write in a folder of their own under it (DATASET, or DATASET-conv).
                    string folder = FolderName(name) + (latentModel == ModelKind.ConvVae ? "-conv" : "");
                    var run = options with { Dataset = name, Vae = latentModel, OutputDirectory = datasets.Length * vaes.Count == 1 ? options.OutputDirectory : Path.Combine(options.OutputDirectory, folder) };
                    ReproductionReport result;
                    using (var progress = ConsoleProgress.ForConsole())
                    {
                        result = new PaperReproduction(run, progress, progress.Log).Run(cancellationToken);
                    }

                    reports.Add(result);
                    reportPaths.Add(run.Report ? Path.Combine(run.OutputDirectory, Core.Reports.HtmlReport.FileName) : null);
                    Console.WriteLine();
                    Console.WriteLine(PaperTable.Format(result));
                    Console.WriteLine($"Results in {Path.GetFullPath(run.OutputDirectory)} (report.json, searches.csv, summary.txt, gallery-*.png{(run.Report ? ", report.html, figures/, edge-cases/" : "")})");
                }

                if (reports.Count > 1)
                {
                    string table = DatasetComparisonTable.Format(reports);
                    File.WriteAllText(Path.Combine(options.OutputDirectory, "comparison.txt"), table);
                    Console.WriteLine();
                    Console.WriteLine(table);
                    string page = Path.Combine(options.OutputDirectory, Core.Reports.ComparisonReport.FileName);
                    Core.Reports.ComparisonReport.Write(page, reports, reportPaths);
                    Console.WriteLine($"Comparison in {Path.GetFullPath(Path.Combine(options.OutputDirectory, "comparison.txt"))} and {Path.GetFullPath(page)} (with a link to each run's report)");
                }
            }));
        });
        return command;
    }

    /// <summary>A dataset's folder name under the output: its name, or a directory's last part, made safe for a path.</summary>
    private static string FolderName(string dataset)
    {
        string last = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset));
        string safe = new([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);
        return safe.Trim('.').Length == 0 ? "dataset" : safe;
    }
}
