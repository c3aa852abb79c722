using System.Diagnostics;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Reports;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Explaining;

/// <summary>
/// Explains a registered user model's mistakes on the user's images: checks the model on them (reconstruction error),
/// classifies them, runs LSE on the misclassified ones (and LAE on correct ones where asked) with the same engine and
/// presets as the reproduction, and writes the same files: searches.csv, report.json, summary.txt, galleries, the
/// report with its figures, and the results as .npy arrays for Python.
/// </summary>
public sealed class ModelExplanation(ExplainOptions options, IProgressSink? progress = null, Action<string>? log = null)
{
    /// <summary>The variant name the explanation's searches are filed under (the preset's name).</summary>
    private string Variant => options.Search.Trim().ToLowerInvariant();

    private readonly IProgressSink _progress = progress ?? NullProgressSink.Instance;
    private readonly Action<string> _log = log ?? (_ => { });

    public ExplanationReport Run(CancellationToken cancellationToken = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        ComputeDevice.ConfigureThreads();
        var device = ComputeDevice.Resolve(options.Device, _log);
        var registry = new UserModelRegistry(options.RegistryDirectory);
        var registered = registry.Get(options.ModelId);
        var manifest = registered.Manifest!;
        using var model = registry.Open(options.ModelId);
        var data = ImageFolderLoader.Load(options.DataPath, manifest.ImageShape, manifest.ClassNames, options.ImageLimit);
        _log($"{data.Count} images ({manifest.ImageShape}) from {options.DataPath}");
        using var images = data.ToTensor();
        using var sample = ModelValidator.Sample(images);
        var check = ModelValidator.Check(model, sample, options.MaxReconstructionError);
        _log($"model {registered.Id}: reconstruction MSE {check.ReconstructionError:0.####} on {check.SampleImages} images (limit {options.MaxReconstructionError ?? manifest.MaxReconstructionError:0.####})");

        var engine = new LatentSearchEngine(model.Classifier, model.Latent, device);
        var predictions = engine.Predict(images);
        int d = manifest.LatentSize, classes = manifest.ClassNames.Count;
        var lse = ImageSelection.Lse(predictions, data.Labels, options.LseImages);
        int misclassified = predictions.Where((p, i) => p != data.Labels[i]).Count();
        var lae = options.LaeImages > 0 ? ImageSelection.Lae(predictions, data.Labels, options.LaeImages, classes) : [];
        _log($"{misclassified} of {data.Count} misclassified ({1 - ((double)misclassified / data.Count):P1} right); LSE on {lse.Count}{(lae.Count > 0 ? $", LAE on {lae.Count / (classes - 1)} correct images x {classes - 1} targets" : "")}");

        var outputs = new ResultWriter(options.OutputDirectory);
        var summaries = new List<ExperimentAggregate>();
        var all = new List<(SearchItem Item, SearchResult Result)>();
        var searchOptions = new Dictionary<(string, SearchMode, int), SearchOptions>();
        foreach (var (mode, items) in new[] { (SearchMode.Lse, lse), (SearchMode.Lae, lae) })
        {
            if (items.Count == 0)
            {
                continue;
            }

            var search = options.SearchFor(mode, items.Count);
            searchOptions[(Variant, mode, d)] = search;
            string what = $"{(mode == SearchMode.Lse ? "LSE" : "LAE")} d={d} {Variant}";
            var results = engine.Run(images, items, search, new PhaseSink(_progress, what), cancellationToken);
            var stats = engine.LastRunStats!;
            _log($"{what}: {results.Count(r => r.Success)}/{results.Count} succeeded in {stats.Elapsed.TotalSeconds:F1}s ({stats.ExampleSteps:N0} example-steps)");
            summaries.Add(ExperimentAggregates.Of(Variant, mode, d, "all", results, search.Restarts) with { Seconds = stats.Elapsed.TotalSeconds, ExampleSteps = stats.ExampleSteps, Options = search });
            outputs.AddSearches(Variant, d, results, items);
            outputs.WriteGallery($"gallery-{mode.ToString().ToLowerInvariant()}-d{d}-{Variant}.png", $"{(mode == SearchMode.Lse ? "LSE" : "LAE")} d={d} {Variant} ({registered.Id} on {data.Name})",
                results, items, images, options.GalleryRows, mode == SearchMode.Lse ? "true" : "target", manifest.ClassNames);
            all.AddRange(items.Zip(results));
        }

        var arrays = options.Npy ? WriteArrays(all, data, d) : new Dictionary<string, string>();
        var report = new ExplanationReport
        {
            Options = options,
            Model = registered,
            Check = check,
            Data = Path.GetFullPath(options.DataPath),
            DataChecksum = data.Checksum(),
            Images = data.Count,
            Misclassified = misclassified,
            Accuracy = 1 - ((double)misclassified / Math.Max(1, data.Count)),
            Device = device.ToString(),
            Summaries = summaries,
            Arrays = arrays,
            TotalSeconds = clock.Elapsed.TotalSeconds,
            FinishedUtc = DateTimeOffset.UtcNow,
        };
        outputs.Finish(report, Summary(report));
        if (options.Report && all.Count > 0)
        {
            WriteReport(report, model, data, all, searchOptions, device, cancellationToken);
        }

        return report;
    }

    /// <summary>The run as text: the model, the data, and the experiment table the reproduction prints.</summary>
    public static string Summary(ExplanationReport report)
    {
        var m = report.Model;
        List<string> lines =
        [
            $"Model {m.Id} ({m.Name}): {m.Manifest?.ImageShape} images, {m.Check.ClassCount} classes, d = {m.Check.LatentSize}; " +
                $"reconstruction MSE {report.Check.ReconstructionError:0.####} on {report.Check.SampleImages} of these images",
            .. m.Files.Select(f => $"  {f.Path,-24} sha256 {f.Sha256}"),
            $"Data {report.Data}: {report.Images} images, {report.Misclassified} misclassified ({report.Accuracy:P1} right), sha256 {report.DataChecksum[..16]}",
            $"Device {report.Device}, {report.TotalSeconds:F1}s",
            "",
            ExperimentTable.Format(ExperimentTable.Title(report.Options.Search, m.Id), m.Id, report.Summaries),
        ];
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>x, x', x' - x and eps of every search, in searches.csv's order, with the search ids.</summary>
    private Dictionary<string, string> WriteArrays(List<(SearchItem Item, SearchResult Result)> all, LabelledImages data, int d)
    {
        var shape = data.Shape;
        long n = all.Count;
        var x = new float[n * shape.Values];
        var perturbed = new float[n * shape.Values];
        var delta = new float[n * shape.Values];
        var eps = new float[n * d];
        var ids = new long[n];
        for (int i = 0; i < all.Count; i++)
        {
            var (item, result) = all[i];
            data.Pixels.AsSpan(item.ImageRow * shape.Values, shape.Values).CopyTo(x.AsSpan(i * shape.Values));
            result.Perturbed.CopyTo(perturbed.AsSpan(i * shape.Values));
            result.Delta.CopyTo(delta.AsSpan(i * shape.Values));
            result.Eps.CopyTo(eps.AsSpan(i * d));
            ids[i] = result.Id;
        }

        var image = new[] { n, shape.Channels, shape.Height, shape.Width };
        NpyWriter.Write(Path.Combine(options.OutputDirectory, "x.npy"), x, image);
        NpyWriter.Write(Path.Combine(options.OutputDirectory, "x_prime.npy"), perturbed, image);
        NpyWriter.Write(Path.Combine(options.OutputDirectory, "delta.npy"), delta, image);
        NpyWriter.Write(Path.Combine(options.OutputDirectory, "eps.npy"), eps, n, d);
        NpyWriter.Write(Path.Combine(options.OutputDirectory, "search_ids.npy"), ids, n);
        _log($"arrays: x.npy, x_prime.npy, delta.npy ({n} x {shape}), eps.npy ({n} x {d}), search_ids.npy");
        return new Dictionary<string, string>
        {
            ["x.npy"] = "float32 [N, C, H, W]: the images, pixels in [0, 1]",
            ["x_prime.npy"] = "float32 [N, C, H, W]: x' = g(z + eps) + x - g(z), the search's final image",
            ["delta.npy"] = "float32 [N, C, H, W]: x' - x, the explanation",
            ["eps.npy"] = "float32 [N, d]: the latent perturbation",
            ["search_ids.npy"] = "int64 [N]: the search id of each row (the id column of searches.csv)",
        };
    }

    private void WriteReport(ExplanationReport report, UserModel model, LabelledImages data, List<(SearchItem Item, SearchResult Result)> all,
        Dictionary<(string, SearchMode, int), SearchOptions> searchOptions, Device device, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        int d = model.Manifest.LatentSize;
        var input = new ReportInput
        {
            Title = $"Explanations of {report.Model.Id}'s mistakes on {data.Name}",
            Dataset = data.Name,
            DatasetChecksum = report.DataChecksum,
            Shape = data.Shape,
            Image = data.Image,
            ClassNames = model.Manifest.ClassNames,
            Searches = [.. all.Select(a => ReportSearch.From(Variant, d, a.Item.ImageRow, a.Result))],
            Latents = [new ReportLatent(d, model.Classifier, model.Latent)],
            Options = searchOptions,
            Models = [.. report.Model.Files.Select(f => new ReportModel(f.Path, "torchscript", d, f.Sha256))],
            ConfigurationJson = System.Text.Json.JsonSerializer.Serialize(options, ResultWriter.JsonOptions),
            Files = [.. new[] { "summary.txt", "searches.csv", "report.json" }.Concat(report.Arrays.Keys)
                .Concat(Directory.EnumerateFiles(options.OutputDirectory, "gallery-*.png").Select(f => Path.GetFileName(f)).Order())],
            Device = device,
            Seed = options.Seed,
        };
        new ReportBuilder(input, _log).Write(options.OutputDirectory, cancellationToken);
        _log($"report: figures, edge cases and report.html in {clock.Elapsed.TotalSeconds:F1}s");
    }

    /// <summary>Renames the "search" phase so that progress bars say which run they belong to.</summary>
    private sealed class PhaseSink(IProgressSink inner, string phase) : IProgressSink
    {
        public void Report(ProgressUpdate update) => inner.Report(update with { Phase = phase });
    }
}
