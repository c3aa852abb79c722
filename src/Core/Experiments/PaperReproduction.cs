using System.Diagnostics;
using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// Reproduces the paper's MNIST experiments end to end: data, models (trained or reused), LSE on all misclassified test
/// images (and the first 87, the paper's count), LAE on correctly classified images x 9 targets, for the paper's plain GD
/// and the improved search, the 2-D grid oracle, and the result files.
/// </summary>
public sealed class PaperReproduction(ReproductionOptions options, IProgressSink? progress = null, Action<string>? log = null)
{
    /// <summary>Most searches in one slice of an experiment; an LAE experiment of 900 runs as two slices of 450.</summary>
    public const int SliceSize = 480;

    private readonly IProgressSink _progress = progress ?? NullProgressSink.Instance;
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>Runs everything and writes report.json, searches.csv, summary.txt and galleries into the output directory.</summary>
    public ReproductionReport Run(CancellationToken cancellationToken = default)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        ComputeDevice.ConfigureThreads();
        var device = ComputeDevice.Resolve(options.Device, _log);
        var data = new DatasetCatalog(Path.Combine(options.CacheDirectory, "datasets"), _log).Load(options.Dataset);
        if (options.TestLimit > 0)
        {
            data = data with { Test = data.Test.Take(Math.Min(options.TestLimit, data.Test.Count)) };
        }

        using var tensors = new TensorSet(data, device);
        var repository = new ModelRepository(options.ModelDirectory ?? Path.Combine(options.CacheDirectory, "models"), device, _progress, _log);
        var models = new List<ModelRecord>();
        var vaes = new Dictionary<int, (GaussianVae Model, CheckpointMetadata Meta)>();
        foreach (int d in options.LatentSizes.Distinct())
        {
            vaes[d] = repository.GetVae(data, tensors, d, options.VaeTraining, options.Vae);
            models.Add(Record($"vae-d{d}", repository.PathFor(options.Vae, d, data, options.VaeTraining), vaes[d].Meta));
        }

        ImageClassifier? cnn = null;
        if (options.Classifier == ModelKind.Cnn)
        {
            var (model, meta) = repository.GetCnn(data, tensors, options.ClassifierTraining);
            cnn = model;
            models.Add(Record("classifier", repository.PathFor(ModelKind.Cnn, 0, data, options.ClassifierTraining), meta));
        }

        var outputs = new ResultWriter(options.OutputDirectory);
        var summaries = new List<ExperimentAggregate>();
        var oracle = new List<OracleComparison>();
        var stopRules = new List<StopRuleComparison>();
        var misclassified = new Dictionary<string, int>();
        var testHost = tensors.TestX.cpu();
        var plans = new List<LatentPlan>();
        var predictionsBy = new Dictionary<ImageClassifier, int[]>(ReferenceEqualityComparer.Instance);
        foreach (int d in options.LatentSizes.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var classifier = cnn;
            if (classifier is null)
            {
                // Validate() lets the head sit only on the paper's MLP VAE.
                var (head, meta) = repository.GetVaeHead(data, tensors, (Vae)vaes[d].Model, vaes[d].Meta, options.ClassifierTraining);
                classifier = head;
                models.Add(Record($"classifier-d{d}", "(vae head)", meta));
            }

            var engine = new LatentSearchEngine(classifier, vaes[d].Model, device);
            // The CNN serves every d: its predictions on the test set are computed once.
            if (!predictionsBy.TryGetValue(classifier, out var predictions))
            {
                predictions = predictionsBy[classifier] = engine.Predict(tensors.TestX);
            }

            var labels = data.Test.Labels.Take(predictions.Length).Select(l => (int)l).ToArray();
            var lse = ImageSelection.Lse(predictions, labels).ToList();
            var lae = ImageSelection.Lae(predictions, labels, options.LaeImages, classifier.ClassCount).ToList();
            var right = lae.Select(s => s.ImageRow).Distinct().ToArray();
            misclassified[$"d{d}"] = lse.Count;
            _log($"d={d}: {lse.Count} misclassified test images; LAE on {right.Length} correct images x {classifier.ClassCount - 1} targets");

            var variants = new List<Variant>
            {
                new("paper-gd", options.PaperSearchFor(SearchMode.Lse, lse.Count), options.PaperSearchFor(SearchMode.Lae, lae.Count)),
                new("improved", options.ImprovedSearch, options.ImprovedSearch),
            }.Where(v => options.Variants.Contains(v.Name == "paper-gd" ? "paper" : "improved")).ToList();
            plans.Add(new LatentPlan(d, classifier, vaes[d].Model, engine, lse, lae, right, variants));
        }

        var runs = RunSearches(plans, device, testHost, cancellationToken);
        var reportSearches = new List<Reports.ReportSearch>();
        var oracleById = new Dictionary<long, OracleResult>();
        foreach (var plan in plans)
        {
            int d = plan.D;
            var (lse, lae) = (plan.Lse, plan.Lae);
            var paper87 = new HashSet<long>(lse.Take(options.PaperLseCount).Select(s => s.Id));
            var variantResults = new Dictionary<string, (IReadOnlyList<SearchResult> Lse, IReadOnlyList<SearchResult> Lae)>();
            foreach (var variant in plan.Variants)
            {
                var lseRun = runs[(d, variant.Name, SearchMode.Lse)];
                var laeRun = runs[(d, variant.Name, SearchMode.Lae)];
                variantResults[variant.Name] = (lseRun.Results, laeRun.Results);
                summaries.Add(ExperimentAggregates.Of(variant.Name, SearchMode.Lse, d, "all", lseRun.Results, variant.Lse.Restarts) with { Seconds = lseRun.Seconds, ExampleSteps = lseRun.Steps, Options = variant.Lse });
                summaries.Add(ExperimentAggregates.Of(variant.Name, SearchMode.Lse, d, "paper87", lseRun.Results.Where(r => paper87.Contains(r.Id)).ToList(), variant.Lse.Restarts) with { Options = variant.Lse });
                summaries.Add(ExperimentAggregates.Of(variant.Name, SearchMode.Lae, d, "all", laeRun.Results, variant.Lae.Restarts) with { Seconds = laeRun.Seconds, ExampleSteps = laeRun.Steps, Options = variant.Lae });
                outputs.AddSearches(variant.Name, d, lseRun.Results.Concat(laeRun.Results), lse.Concat(lae).ToList());
                var rowOf = lse.Concat(lae).ToDictionary(s => s.Id, s => s.ImageRow);
                reportSearches.AddRange(lseRun.Results.Concat(laeRun.Results).Select(r => Reports.ReportSearch.From(variant.Name, d, rowOf[r.Id], r)));
                outputs.WriteGallery($"gallery-lse-d{d}-{variant.Name}.png", $"LSE d={d} {variant.Name} ({options.Dataset})", lseRun.Results, lse, testHost, options.GalleryRows, "true", data.ClassNames);
                outputs.WriteGallery($"gallery-lae-d{d}-{variant.Name}.png", $"LAE d={d} {variant.Name} ({options.Dataset})", laeRun.Results, lae, testHost, options.GalleryRows, "target", data.ClassNames);
            }

            if (options.CompareStopRules)
            {
                stopRules.Add(CompareStopRules(plan.Engine, testHost, d, [(lse, options.PaperSearchFor(SearchMode.Lse, lse.Count)), (lae, options.PaperSearchFor(SearchMode.Lae, lae.Count))], cancellationToken));
            }

            if (options.Oracle && d == 2)
            {
                var oracleItems = lse.Concat(lae.Where(s => plan.Right.Take(options.OracleLaeImages).Contains(s.ImageRow))).ToList();
                var grid = new LatentGridOracle(plan.Classifier, plan.Vae, device);
                double radius = options.ImprovedSearch.RadiusFor(2);
                var classifierSha = models.First(m => m.Role.StartsWith("classifier", StringComparison.Ordinal) && (m.LatentSize == 0 || m.LatentSize == d)).WeightsSha256;
                var cache = new OracleCache(Path.GetDirectoryName(repository.PathFor(options.Vae, d, data, options.VaeTraining))!, classifierSha, vaes[d].Meta.WeightsSha256, grid, radius);
                var (known, missing) = cache.Split(oracleItems);
                var oracleClock = Stopwatch.StartNew();
                var fresh = grid.Run(testHost, missing, radius, _progress, cancellationToken);
                cache.Add(missing, fresh);
                var truth = known.Concat(fresh).ToList();
                _log($"oracle d=2: {oracleItems.Count} searches ({known.Count} cached), {fresh.Sum(t => (long)t.Points):N0} grid points in {oracleClock.Elapsed.TotalSeconds:F1}s");
                var byId = truth.ToDictionary(t => t.Id);
                outputs.AddOracle(truth);
                truth.ForEach(t => oracleById[t.Id] = t);
                foreach (var (variant, results) in variantResults)
                {
                    oracle.Add(ExperimentAggregates.AgainstOracle(variant, SearchMode.Lse, results.Lse, byId));
                    oracle.Add(ExperimentAggregates.AgainstOracle(variant, SearchMode.Lae, results.Lae, byId));
                }
            }
        }

        var report = new ReproductionReport
        {
            Options = options,
            Dataset = data.Name,
            DatasetChecksum = data.Checksum,
            Device = device.ToString(),
            Models = models,
            TestImages = data.Test.Count,
            Misclassified = misclassified,
            Summaries = summaries,
            Oracle = oracle,
            StopRules = stopRules,
            TotalSeconds = clock.Elapsed.TotalSeconds,
            FinishedUtc = DateTimeOffset.UtcNow,
        };
        outputs.Finish(report);
        if (options.Report)
        {
            WriteReport(report, plans, reportSearches, oracleById, testHost, device, cancellationToken);
        }

        return report;
    }

    private void WriteReport(ReproductionReport report, List<LatentPlan> plans, List<Reports.ReportSearch> searches, Dictionary<long, OracleResult> oracle, Tensor images, Device device, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var host = images.dim() == 3 ? images.unsqueeze(1) : images.alias();
        var shape = new ImageShape((int)host.shape[1], (int)host.shape[2], (int)host.shape[3]);
        var cache = new System.Collections.Concurrent.ConcurrentDictionary<int, float[]>();
        var searchOptions = new Dictionary<(string, SearchMode, int), SearchOptions>();
        foreach (var plan in plans)
        {
            foreach (var variant in plan.Variants)
            {
                searchOptions[(variant.Name, SearchMode.Lse, plan.D)] = variant.Lse;
                searchOptions[(variant.Name, SearchMode.Lae, plan.D)] = variant.Lae;
            }
        }

        var input = new Reports.ReportInput
        {
            Title = $"Reproduction of the paper's {options.Dataset} experiments",
            Dataset = report.Dataset,
            DatasetChecksum = report.DatasetChecksum,
            Shape = shape,
            Image = row => cache.GetOrAdd(row, r =>
            {
                using var row = host[r];
                using var image = row.flatten();
                return image.data<float>().ToArray();
            }),
            Published = PaperFigures.For(report.Dataset),
            ClassNames = Data.KnownDatasets.ClassNames(report.Dataset),
            Searches = searches,
            Latents = [.. plans.Select(p => new Reports.ReportLatent(p.D, p.Classifier, p.Vae))],
            Options = searchOptions,
            Oracle = oracle,
            Models = [.. report.Models.Select(m => new Reports.ReportModel(m.Role, m.Kind, m.LatentSize, m.WeightsSha256))],
            ConfigurationJson = System.Text.Json.JsonSerializer.Serialize(options, ResultWriter.JsonOptions),
            Files = [.. new[] { "summary.txt", "searches.csv", "oracle.csv", "report.json" }.Concat(Directory.EnumerateFiles(options.OutputDirectory, "gallery-*.png").Select(f => Path.GetFileName(f)).Order())],
            Device = device,
            Seed = options.ImprovedSearch.Seed,
        };
        new Reports.ReportBuilder(input, _log).Write(options.OutputDirectory, cancellationToken);
        _log($"report: figures, edge cases and report.html in {clock.Elapsed.TotalSeconds:F1}s");
    }

    /// <summary>
    /// Runs every (d, variant, mode) experiment. The experiments are cut into fixed slices of at most
    /// <see cref="SliceSize"/> searches (fixed, so the batches do not depend on the core count), and on a multi-core CPU the
    /// slices run side by side, longest expected first, with the cores shared out: a batch shrinks as its searches
    /// finish, and one core kept busy by each of two slices beats two cores on one shrinking batch.
    /// </summary>
    private Dictionary<(int D, string Variant, SearchMode Mode), (IReadOnlyList<SearchResult> Results, double Seconds, long Steps)> RunSearches(
        List<LatentPlan> plans, Device device, Tensor images, CancellationToken cancellationToken)
    {
        var jobs = new List<(LatentPlan Plan, string Variant, SearchMode Mode, int Slice, int Slices, List<SearchItem> Items, SearchOptions Options)>();
        foreach (var plan in plans)
        {
            foreach (var variant in plan.Variants)
            {
                foreach (var (mode, items, searchOptions) in new[] { (SearchMode.Lae, plan.Lae, variant.Lae), (SearchMode.Lse, plan.Lse, variant.Lse) })
                {
                    int slices = Math.Max(1, (items.Count + SliceSize - 1) / SliceSize);
                    int size = (items.Count + slices - 1) / slices;
                    for (int k = 0; k < slices; k++)
                    {
                        jobs.Add((plan, variant.Name, mode, k, slices, items.Skip(k * size).Take(size).ToList(), searchOptions));
                    }
                }
            }
        }

        // Longest expected first: LAE before LSE, plain GD (small steps, long runs) before the improved search, larger d first.
        var queue = new System.Collections.Concurrent.ConcurrentQueue<int>(Enumerable.Range(0, jobs.Count)
            .OrderBy(i => jobs[i].Mode == SearchMode.Lae ? 0 : 1).ThenBy(i => jobs[i].Variant == "paper-gd" ? 0 : 1).ThenByDescending(i => jobs[i].Plan.D).ThenBy(i => i));
        var done = new (IReadOnlyList<SearchResult> Results, double Seconds, long Steps)[jobs.Count];
        int cores = Environment.ProcessorCount;
        int workers = options.ParallelSearches && device.type == TorchSharp.DeviceType.CPU ? Math.Clamp(cores, 1, jobs.Count) : 1;
        int threadsPerWorker = Math.Max(1, cores / workers);
        void Work()
        {
            // Each worker sets its own thread count: one that took libtorch's process-wide count when it first computed
            // could catch another worker's single-threaded small steps (StepThreads).
            if (workers > 1)
            {
                ComputeDevice.ConfigureThreads(threadsPerWorker);
            }

            // One engine per worker and d: an engine's run statistics belong to one caller.
            var engines = new Dictionary<int, LatentSearchEngine>();
            while (queue.TryDequeue(out int i))
            {
                var job = jobs[i];
                if (!engines.TryGetValue(job.Plan.D, out var engine))
                {
                    engine = engines[job.Plan.D] = new LatentSearchEngine(job.Plan.Classifier, job.Plan.Vae, device);
                }

                string slice = job.Slices > 1 ? $" [{job.Slice + 1}/{job.Slices}]" : "";
                done[i] = Timed(engine, images, job.Items, job.Options, $"{(job.Mode == SearchMode.Lse ? "LSE" : "LAE")} d={job.Plan.D} {job.Variant}{slice}", cancellationToken);
            }
        }

        if (workers == 1)
        {
            Work();
        }
        else
        {
            ComputeDevice.ConfigureThreads(threadsPerWorker);
            try
            {
                var tasks = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(Work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
                Task.WaitAll(tasks, cancellationToken);
            }
            finally
            {
                ComputeDevice.ConfigureThreads();
            }
        }

        return Enumerable.Range(0, jobs.Count)
            .GroupBy(i => (jobs[i].Plan.D, jobs[i].Variant, jobs[i].Mode))
            .ToDictionary(g => g.Key, g => ((IReadOnlyList<SearchResult>)[.. g.OrderBy(i => jobs[i].Slice).SelectMany(i => done[i].Results)], g.Sum(i => done[i].Seconds), g.Sum(i => done[i].Steps)));
    }

    private (IReadOnlyList<SearchResult> Results, double Seconds, long Steps) Timed(LatentSearchEngine engine, Tensor images, IReadOnlyList<SearchItem> items, SearchOptions searchOptions, string what, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return ([], 0, 0);
        }

        var results = engine.Run(images, items, searchOptions, new PhaseSink(_progress, what), cancellationToken);
        var stats = engine.LastRunStats!;
        _log($"{what}: {results.Count(r => r.Success)}/{results.Count} succeeded in {stats.Elapsed.TotalSeconds:F1}s ({stats.ExampleSteps:N0} example-steps in {stats.BatchSteps:N0} batched steps{(stats.ProbeEvaluations > 0 ? $", {stats.ProbeEvaluations:N0} probe evaluations" : "")})");
        return (results, stats.Elapsed.TotalSeconds, stats.ExampleSteps);
    }

    private StopRuleComparison CompareStopRules(LatentSearchEngine engine, Tensor images, int d, IReadOnlyList<(List<SearchItem> Items, SearchOptions Options)> sets, CancellationToken cancellationToken)
    {
        (List<SearchResult> Results, double Seconds, long Steps) RunAll(bool rules)
        {
            var all = (Results: new List<SearchResult>(), Seconds: 0.0, Steps: 0L);
            foreach (var (items, searchOptions) in sets.Where(s => s.Items.Count > 0))
            {
                var run = Timed(engine, images, items, searchOptions with { MaxSteps = 1000, StopRules = rules }, $"plain GD d={d} {(rules ? "with" : "without")} stopping rules", cancellationToken);
                all = ([.. all.Results, .. run.Results], all.Seconds + run.Seconds, all.Steps + run.Steps);
            }

            return all;
        }

        var a = RunAll(rules: false);
        var b = RunAll(rules: true);
        // Successes beyond twice the data region's radius are decoder extrapolation; the rules stop there by design.
        float farOut = 2 * (float)options.PaperSearch.RadiusFor(d);
        var okWithout = a.Results.Where(r => r.Success && r.LatentNorm <= farOut).Select(r => r.Id).ToHashSet();
        var okWith = b.Results.Where(r => r.Success).Select(r => r.Id).ToHashSet();
        long floor = StopRuleComparison.LosslessFloor(a.Results, okWithout);
        return new StopRuleComparison(d, a.Results.Count, a.Seconds, b.Seconds, a.Steps, b.Steps, okWithout.Count, okWith.Count, okWithout.Count(id => !okWith.Contains(id)), a.Results.Count(r => r.Success && r.LatentNorm > farOut), floor);
    }

    private static ModelRecord Record(string role, string path, CheckpointMetadata meta) =>
        new(role, meta.Kind.ToString(), meta.LatentSize, meta.WeightsSha256, path, meta.Metrics, meta.TrainSeconds);

    /// <summary>A search variant: its name and its options for the LSE and for the LAE experiment.</summary>
    private sealed record Variant(string Name, SearchOptions Lse, SearchOptions Lae);

    /// <summary>One latent size's models and searches.</summary>
    private sealed record LatentPlan(int D, ImageClassifier Classifier, GaussianVae Vae, LatentSearchEngine Engine, List<SearchItem> Lse, List<SearchItem> Lae, int[] Right, List<Variant> Variants);

    /// <summary>Renames the "search" phase so that progress bars say which run they belong to.</summary>
    private sealed class PhaseSink(IProgressSink inner, string phase) : IProgressSink
    {
        public void Report(ProgressUpdate update) => inner.Report(update with { Phase = phase });
    }
}
