using System.Diagnostics;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Batched LSE/LAE search (paper section 2.2): z = mean of e(x); x' = x + (g(z + eps) - g(z)) (equation 1, rearranged so that
/// eps = 0 gives x' = x exactly); eps is updated by descent on CE(c(x'), target) (equation 2) and a search stops at the first
/// step where argmax c(x') = target. Many searches share one tensor; finished ones leave the active set, so they stop costing
/// compute. The engine freezes the models' parameters: gradients flow to eps only.
/// </summary>
public sealed partial class LatentSearchEngine
{
    private readonly ImageClassifier _classifier;
    private readonly LatentModel _latent;
    private readonly Device _device;
    private readonly IInputGradient? _inputGradient;

    /// <summary>
    /// Creates an engine over a trained classifier and latent model of the same image shape, moving both to
    /// <paramref name="device"/>.
    /// </summary>
    public LatentSearchEngine(ImageClassifier classifier, LatentModel latent, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(latent);
        if (classifier.InputShape != latent.ImageShape)
        {
            throw new ArgumentException($"The classifier takes {classifier.InputShape} images but the latent model makes {latent.ImageShape} ones.", nameof(latent));
        }

        Devices.TorchRuntime.EnsureInitialized();
        _device = device ?? CPU;
        _classifier = classifier;
        _latent = latent;
        foreach (var module in new nn.Module[] { classifier, latent })
        {
            module.to(_device);
            module.eval();
            foreach (var (name, p) in module.named_parameters())
            {
                p.requires_grad = false;
                using var finite = p.isfinite().all();
                if (!finite.item<bool>())
                {
                    throw new ArgumentException($"{module.GetName()} parameter '{name}' contains NaN or infinite values.", module == classifier ? nameof(classifier) : nameof(latent));
                }
            }
        }

        // A classifier may offer a faster route to its input gradient than autograd (the MNIST CNN does).
        _inputGradient = classifier.CreateInputGradient();
    }

    /// <summary>Latent size d of the latent model.</summary>
    public int LatentSize => _latent.LatentSize;

    /// <summary>The shape of the images searched.</summary>
    public ImageShape ImageShape => _classifier.InputShape;

    /// <summary>K, the classifier's number of classes.</summary>
    public int ClassCount => _classifier.ClassCount;

    /// <summary>The device the engine computes on.</summary>
    public Device Device => _device;

    /// <summary>Work done by the last <see cref="Run"/>.</summary>
    public SearchRunStats? LastRunStats { get; private set; }

    /// <summary>
    /// Runs the searches in <paramref name="items"/> over <paramref name="images"/> ([N, C, H, W] of <see cref="ImageShape"/>, or
    /// [N, H, W] for one channel),
    /// in batches of at most <see cref="SearchOptions.MaxBatch"/>. Results come back in the order of <paramref name="items"/>.
    /// </summary>
    public IReadOnlyList<SearchResult> Run(Tensor images, IReadOnlyList<SearchItem> items, SearchOptions options, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var imageScope = NewDisposeScope();
        var checkedImages = CheckImages(images, ImageShape);
        CheckItems(items, (int)checkedImages.shape[0], ClassCount);
        CheckFinite(checkedImages, items);

        var results = new SearchResult[items.Count];
        var sink = progress ?? NullProgressSink.Instance;
        var clock = Stopwatch.StartNew();
        long exampleSteps = 0, batchSteps = 0, probeEvaluations = 0;
        var phases = new SearchPhaseTimes();
        int done = 0;
        for (int start = 0; start < items.Count; start += options.MaxBatch)
        {
            int count = Math.Min(options.MaxBatch, items.Count - start);
            var chunk = new ChunkRun(this, checkedImages, items, start, count, options, results, phases, cancellationToken);
            chunk.Run(finished =>
            {
                done += finished;
                sink.Report(new ProgressUpdate("search", done, items.Count, null));
            });
            exampleSteps += chunk.ExampleSteps;
            batchSteps += chunk.BatchSteps;
            probeEvaluations += chunk.ProbeEvaluations;
        }

        LastRunStats = new SearchRunStats(items.Count, exampleSteps, batchSteps, clock.Elapsed, probeEvaluations, phases);
        return results;
    }

    /// <summary>c(x) for images [N, C, H, W]: predicted classes, in batches.</summary>
    public int[] Predict(Tensor images, int batch = 2048)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = CheckImages(images, ImageShape);
        CheckFinite(x, [.. Enumerable.Range(0, (int)x.shape[0]).Select(i => (long)i)]);
        var result = new int[x.shape[0]];
        for (long s = 0; s < x.shape[0]; s += batch)
        {
            long n = Math.Min(batch, x.shape[0] - s);
            var pred = _classifier.forward(x.narrow(0, s, n).to(_device)).argmax(1).to(int64).cpu();
            var host = pred.data<long>().ToArray();
            for (int i = 0; i < host.Length; i++)
            {
                result[s + i] = (int)host[i];
            }
        }

        return result;
    }

    private static Tensor CheckImages(Tensor images, ImageShape shape)
    {
        var x = images.dim() == 3 && shape.Channels == 1 ? images.unsqueeze(1) : images;
        if (x.dim() != 4 || x.shape[1] != shape.Channels || x.shape[2] != shape.Height || x.shape[3] != shape.Width)
        {
            string oneChannel = shape.Channels == 1 ? $" (or [N, {shape.Height}, {shape.Width}])" : string.Empty;
            throw new ArgumentException($"Images must have shape [N, {shape.Channels}, {shape.Height}, {shape.Width}]{oneChannel}; got [{string.Join(", ", images.shape)}].", nameof(images));
        }

        if (x.dtype != float32)
        {
            x = x.to_type(float32);
        }

        return x;
    }

    /// <summary>
    /// NaN or infinity in the rows the searches use is an error naming the first such row. Only those rows are checked: a
    /// caller that hands over the whole test set for one search should not pay a scan of 10,000 images per call.
    /// </summary>
    private static void CheckFinite(Tensor images, IReadOnlyList<SearchItem> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        var rows = items.Select(i => (long)i.ImageRow).Distinct().Order().ToArray();
        CheckFinite(images.index_select(0, tensor(rows, device: images.device)), rows);
    }

    /// <summary>Throws naming the first of <paramref name="rowIds"/> (the rows of <paramref name="selected"/>) with NaN or infinity.</summary>
    private static void CheckFinite(Tensor selected, long[] rowIds)
    {
        using var scope = NewDisposeScope();
        var finite = selected.isfinite().flatten(1).all(1).cpu().data<bool>().ToArray();
        int bad = Array.IndexOf(finite, false);
        if (bad >= 0)
        {
            throw new ArgumentException($"Image row {rowIds[bad]} contains NaN or infinite values.", "images");
        }
    }

    private static void CheckItems(IReadOnlyList<SearchItem> items, int imageCount, int classCount)
    {
        foreach (var item in items)
        {
            if (item.ImageRow < 0 || item.ImageRow >= imageCount)
            {
                throw new ArgumentException($"Search {item.Id}: image row {item.ImageRow} is outside the {imageCount} images given.", nameof(items));
            }

            if (item.TrueLabel < 0 || item.TrueLabel >= classCount || item.Target < 0 || item.Target >= classCount)
            {
                throw new ArgumentException($"Search {item.Id}: labels must be classes 0..{classCount - 1} (true {item.TrueLabel}, target {item.Target}).", nameof(items));
            }

            if (item.Mode == SearchMode.Lse && item.Target != item.TrueLabel)
            {
                throw new ArgumentException($"Search {item.Id}: an LSE search targets the true label {item.TrueLabel}, not {item.Target}.", nameof(items));
            }

            if (item.Mode == SearchMode.Lae && item.Target == item.TrueLabel)
            {
                throw new ArgumentException($"Search {item.Id}: an LAE search must target a class other than the true label {item.TrueLabel}.", nameof(items));
            }
        }
    }
}
