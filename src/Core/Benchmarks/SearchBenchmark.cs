using System.Diagnostics;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Benchmarks;

/// <summary>
/// Throughput of the batched engine for several batch sizes against a plain one-image-at-a-time loop, on LAE searches
/// (each image pushed to other classes) with a fixed budget and no stopping rules, so every batch does comparable work.
/// </summary>
public sealed class SearchBenchmark(ImageClassifier classifier, LatentModel vae, Device device)
{
    /// <summary>
    /// Each measurement repeats its runs until this many seconds have passed: a single B=256 run takes ~0.3 s, short enough
    /// for this machine's noise to move it by a third.
    /// </summary>
    public const double MinSeconds = 1.0;

    private readonly LatentSearchEngine _engine = new(classifier, vae, device);

    /// <summary>FLOPs of one example-step.</summary>
    public double FlopsPerStep { get; } = ModelFlops.SearchStep(classifier, vae);

    /// <summary>Measured FP32 matrix-multiply rate in GFLOP/s: the practical peak of this device.</summary>
    public double MeasurePeakGflops()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(1024, 1024, device: device);
        var b = randn(1024, 1024, device: device);
        _ = a.matmul(b).sum().item<float>(); // warm up
        var clock = Stopwatch.StartNew();
        int reps = 0;
        while (clock.Elapsed.TotalSeconds < 1.0)
        {
            using var inner = NewDisposeScope();
            _ = a.matmul(b).sum().item<float>();
            reps++;
        }

        return reps * 2.0 * 1024 * 1024 * 1024 / clock.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Runs <paramref name="batch"/> searches in one tensor with a budget of <paramref name="steps"/>.</summary>
    public BenchmarkRow Batched(Tensor images, IReadOnlyList<int> labels, int batch, int steps, double peakGflops)
    {
        var items = Items(images, labels, batch);
        var options = SearchOptions.Paper with { MaxSteps = steps, StopRules = false, MaxBatch = batch };
        _engine.Run(images, items.Take(Math.Min(batch, 8)).ToList(), options with { MaxSteps = 2 }); // warm up this shape's kernels
        long exampleSteps = 0, batchSteps = 0;
        var phases = new SearchPhaseTimes();
        int runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            _engine.Run(images, items, options);
            var stats = _engine.LastRunStats!;
            exampleSteps += stats.ExampleSteps;
            batchSteps += stats.BatchSteps;
            phases.Add(stats.Phases);
            runs++;
        }
        while (clock.Elapsed.TotalSeconds < MinSeconds);

        return Row("batched", batch, items.Count * runs, exampleSteps, clock.Elapsed.TotalSeconds, peakGflops, batchSteps, phases);
    }

    /// <summary>The baseline: each search alone, its own forward/backward per step, in a plain loop.</summary>
    public BenchmarkRow OneAtATime(Tensor images, IReadOnlyList<int> labels, int searches, int steps, double peakGflops)
    {
        var items = Items(images, labels, searches);
        long exampleSteps = 0;
        int runs = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            exampleSteps += OneAtATimeRun(images, items, steps);
            runs++;
        }
        while (clock.Elapsed.TotalSeconds < MinSeconds);

        return Row("one-at-a-time", 1, items.Count * runs, exampleSteps, clock.Elapsed.TotalSeconds, peakGflops, exampleSteps, null);
    }

    private long OneAtATimeRun(Tensor images, List<SearchItem> items, int steps)
    {
        long exampleSteps = 0;
        foreach (var item in items)
        {
            using var scope = NewDisposeScope();
            var x = images.narrow(0, item.ImageRow, 1).to(device);
            Tensor mu, gz;
            using (no_grad())
            {
                mu = vae.EncodeMean(x);
                gz = vae.Decode(mu);
            }

            var target = tensor(new long[] { item.Target }, device: device);
            var eps = zeros_like(mu);
            for (int step = 0; step <= steps; step++)
            {
                using var stepScope = NewDisposeScope();
                var e = eps.detach().requires_grad_(true);
                var logits = classifier.forward(x + (vae.Decode(mu + e) - gz));
                exampleSteps++;
                if (logits.argmax(1).item<long>() == item.Target || step == steps)
                {
                    break;
                }

                nn.functional.cross_entropy(logits, target).backward();
                eps = (e - (e.grad! * 0.1)).detach().MoveToOuterDisposeScope();
            }
        }

        return exampleSteps;
    }

    private BenchmarkRow Row(string engine, int batch, int searches, long exampleSteps, double seconds, double peakGflops, long batchSteps, SearchPhaseTimes? phases)
    {
        double gflops = exampleSteps * FlopsPerStep / seconds / 1e9;
        return new BenchmarkRow(engine, batch, searches, exampleSteps, seconds, exampleSteps / seconds, searches / seconds, gflops, gflops / peakGflops, PeakMemory(), batchSteps, phases);
    }

    private List<SearchItem> Items(Tensor images, IReadOnlyList<int> labels, int count)
    {
        int n = (int)images.shape[0], k = classifier.ClassCount;
        return Enumerable.Range(0, count).Select(i =>
        {
            int row = i % n, y = labels[row];
            return SearchItem.Lae(i, row, y, (y + 1 + (i / n % (k - 1))) % k);
        }).ToList();
    }

    private long PeakMemory()
    {
        if (device.type == DeviceType.CUDA)
        {
            return -1; // TorchSharp exposes no allocator statistics; nvidia-smi tells.
        }

        foreach (var line in File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status") : [])
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return Environment.WorkingSet;
    }
}
