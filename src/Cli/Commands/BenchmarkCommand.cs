using System.CommandLine;
using System.Globalization;
using Orleans.Lse.Cli.Progress;
using Orleans.Lse.Core.Benchmarks;
using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Training;
using Orleans.Lse.Core.UserModels;

namespace Orleans.Lse.Cli.Commands;

/// <summary><c>lse benchmark</c>: throughput of the batched engine against the one-at-a-time loop.</summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var device = CommonOptions.Device();
        var cache = CommonOptions.Cache();
        var dataset = CommonOptions.Dataset();
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes B.", DefaultValueFactory = _ => [1, 16, 256, 4096], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "Step budget of each search (no stopping rules).", DefaultValueFactory = _ => 30 };
        var latent = new Option<int>("--latent") { Description = "Latent size d of the VAE.", DefaultValueFactory = _ => 10 };
        var baseline = new Option<int>("--baseline-searches") { Description = "Searches for the one-at-a-time loop.", DefaultValueFactory = _ => 32 };
        var phases = new Option<bool>("--phases") { Description = "Also print where each batch size's time went: milliseconds per batched step in each phase of the engine." };
        var model = new Option<string?>("--model") { Description = "A registered model (lse model list) instead of the built-in CNN and VAE." };
        var data = new Option<string?>("--data") { Description = "With --model: its images (ImageFolder or CSV); default the --dataset's test images where the shapes agree." };
        var registry = ModelCommand.Registry();
        var command = new Command("benchmark", "Example-steps/s, explanations/s, FLOP rate and memory of the batched engine for several batch sizes, beside a one-image-at-a-time loop.")
        {
            device, cache, dataset, batches, steps, latent, baseline, phases, model, data, registry,
        };
        command.SetAction(parse => CliRunner.Run(() =>
        {
            var defaults = new ReproductionOptions();
            ComputeDevice.ConfigureThreads();
            var dev = ComputeDevice.Resolve(ComputeDevice.Parse(parse.GetValue(device)!), CliRunner.Log);
            string cacheDir = parse.GetValue(cache)!;
            string? modelId = parse.GetValue(model);
            using var user = modelId is null ? null : new UserModelRegistry(ModelCommand.RegistryDirectory(parse, registry, cache)).Open(modelId);
            LatentModel vae;
            ImageClassifier classifier;
            TorchSharp.torch.Tensor images;
            int[] labels;
            if (user is not null && parse.GetValue(data) is { } folder)
            {
                var own = ImageFolderLoader.Load(folder, user.Manifest.ImageShape, user.Manifest.ClassNames);
                (classifier, vae, images, labels) = (user.Classifier, user.Latent, own.ToTensor(), own.Labels);
            }
            else
            {
                var set = new DatasetCatalog(Path.Combine(cacheDir, "datasets"), CliRunner.Log).Load(parse.GetValue(dataset)!);
                using var tensors = new TensorSet(set, dev);
                // A copy: the tensor set is disposed at the end of this block.
                images = tensors.TestX.cpu().clone();
                labels = [.. set.Test.Labels.Select(b => (int)b)];
                if (user is not null)
                {
                    var shape = new ImageShape(1, set.Test.Height, set.Test.Width);
                    if (shape != user.Manifest.ImageShape || set.Test.ClassCount != user.Manifest.ClassNames.Count)
                    {
                        throw new ArgumentException($"Model {modelId} takes {user.Manifest.ImageShape} images in {user.Manifest.ClassNames.Count} classes, but {set.Name} has {shape} in {set.Test.ClassCount}: give its own images with --data.");
                    }

                    (classifier, vae) = (user.Classifier, user.Latent);
                }
                else
                {
                    using var progress = ConsoleProgress.ForConsole();
                    var repository = new ModelRepository(Path.Combine(cacheDir, "models"), dev, progress, progress.Log);
                    (vae, _) = repository.GetVae(set, tensors, parse.GetValue(latent), defaults.VaeTraining);
                    (classifier, _) = repository.GetCnn(set, tensors, defaults.ClassifierTraining);
                }
            }

            var bench = new SearchBenchmark(classifier, vae, dev);
            double peak = bench.MeasurePeakGflops();
            int budget = parse.GetValue(steps);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"models {(user is null ? "built-in CNN and VAE" : $"{modelId} (TorchScript)")} {classifier.InputShape} d={vae.LatentSize}, device {dev}, {Environment.ProcessorCount} cores, torch threads {TorchSharp.torch.get_num_threads()}, measured FP32 matmul peak {peak:F1} GFLOP/s, {(double.IsNaN(bench.FlopsPerStep) ? "(unknown for TorchScript)" : $"{bench.FlopsPerStep / 1e6:F2}")} MFLOP per example-step, budget {budget} steps"));
            var rows = new List<BenchmarkRow>();
            foreach (int b in parse.GetValue(batches)!)
            {
                rows.Add(bench.Batched(images, labels, b, budget, peak));
                Print(rows[^1], rows.Count == 1);
            }

            var loop = bench.OneAtATime(images, labels, parse.GetValue(baseline), budget, peak);
            Print(loop, false);
            foreach (var row in rows.Where(r => r.Batch >= 256))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B={row.Batch}: {row.ExampleStepsPerSecond / loop.ExampleStepsPerSecond:F1}x the one-at-a-time loop's example-steps/s"));
            }

            if (parse.GetValue(phases))
            {
                PrintPhases(rows);
            }
        }));
        return command;
    }

    /// <summary>Milliseconds per batched step in each phase; "other" is the runs' time outside the phases (argument checks, the loop).</summary>
    private static void PrintPhases(List<BenchmarkRow> rows)
    {
        var all = Enum.GetValues<SearchPhase>();
        Console.WriteLine();
        Console.WriteLine("Milliseconds per batched step, by phase:");
        Console.WriteLine($"|    B | batch steps | live rows/step | {string.Join(" | ", all.Select(p => $"{p.ToString().ToLowerInvariant(),8}"))} |    other |    total |");
        Console.WriteLine($"|------|-------------|----------------|{string.Concat(all.Select(_ => "----------|"))}----------|----------|");
        foreach (var r in rows.Where(r => r.Phases is not null && r.BatchSteps > 0))
        {
            double per(TimeSpan t) => t.TotalMilliseconds / r.BatchSteps;
            double other = ((r.Seconds * 1000) - r.Phases!.Total.TotalMilliseconds) / r.BatchSteps;
            var cells = all.Select(p => per(r.Phases[p]).ToString("F3", CultureInfo.InvariantCulture).PadLeft(8));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Batch,4} | {r.BatchSteps,11:N0} | {(double)r.ExampleSteps / r.BatchSteps,14:F1} | {string.Join(" | ", cells)} | {other,8:F3} | {r.Seconds * 1000 / r.BatchSteps,8:F3} |"));
        }
    }

    private static void Print(BenchmarkRow r, bool header)
    {
        if (header)
        {
            Console.WriteLine("| engine        |    B | searches | example-steps |  seconds | example-steps/s | explanations/s | GFLOP/s | of peak | peak memory |");
            Console.WriteLine("|---------------|------|----------|---------------|----------|-----------------|----------------|---------|---------|-------------|");
        }

        string memory = r.PeakMemoryBytes < 0 ? "n/a" : $"{r.PeakMemoryBytes / (1024.0 * 1024):F0} MiB";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Engine,-13} | {r.Batch,4} | {r.Searches,8} | {r.ExampleSteps,13:N0} | {r.Seconds,8:F2} | {r.ExampleStepsPerSecond,15:N0} | {r.ExplanationsPerSecond,14:F1} | {(double.IsNaN(r.Gflops) ? "n/a" : r.Gflops.ToString("F2", CultureInfo.InvariantCulture)),7} | {(double.IsNaN(r.PeakFraction) ? "n/a" : r.PeakFraction.ToString("P1", CultureInfo.InvariantCulture)),7} | {memory,11} |"));
    }
}
