using Orleans.Lse.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Evaluates a classifier and a latent model where figures need it: c(g(z)) over a grid of latents, and
/// x' = g(z + eps) + x - g(z) with c(x') for given eps, batched, without gradients. Images are flat C x H x W floats of
/// the latent model's shape.
/// </summary>
public sealed class LatentProbe
{
    private readonly ImageClassifier _classifier;
    private readonly LatentModel _latent;
    private readonly Device _device;

    public LatentProbe(ImageClassifier classifier, LatentModel latent, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(latent);
        if (classifier.InputShape != latent.ImageShape)
        {
            throw new ArgumentException($"The classifier takes {classifier.InputShape} images but the latent model makes {latent.ImageShape} ones.", nameof(latent));
        }

        _classifier = classifier;
        _latent = latent;
        _device = device ?? CPU;
        _classifier.to(_device).eval();
        _latent.to(_device).eval();
    }

    /// <summary>Rows per pass. Default 1024.</summary>
    public int Batch { get; init; } = 1024;

    /// <summary>The latent size d.</summary>
    public int LatentSize => _latent.LatentSize;

    /// <summary>The images' shape.</summary>
    public ImageShape Shape => _latent.ImageShape;

    /// <summary>z = e(x) for each image.</summary>
    public float[][] Encode(IReadOnlyList<float[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var z = new float[images.Count][];
        for (int start = 0; start < images.Count; start += Batch)
        {
            int n = Math.Min(Batch, images.Count - start);
            var x = Stack(images, start, n);
            var mu = _latent.EncodeMean(x).cpu();
            for (int i = 0; i < n; i++)
            {
                z[start + i] = mu[i].data<float>().ToArray();
            }
        }

        return z;
    }

    /// <summary>c(g(z)) for z at each cell of a grid over a 2-D latent space (figure 2).</summary>
    public ClassGrid DecodedClasses(LatentGrid grid)
    {
        Require2D();
        var classes = new int[grid.Validated().Rows, grid.Columns];
        var points = Points(grid);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int start = 0; start < points.Length; start += Batch)
        {
            using var batchScope = NewDisposeScope();
            int n = Math.Min(Batch, points.Length - start);
            var w = tensor(Flatten(points, start, n), [n, 2], device: _device);
            var predicted = _classifier.call(_latent.Decode(w)).argmax(1).cpu().data<long>().ToArray();
            for (int i = 0; i < n; i++)
            {
                classes[(start + i) / grid.Columns, (start + i) % grid.Columns] = (int)predicted[i];
            }
        }

        return new ClassGrid(grid, classes);
    }

    /// <summary>
    /// c(x') and the cross entropy of c(x') towards <paramref name="target"/>, for x' = g(z + eps) + x - g(z) with eps at
    /// each cell of a grid over a 2-D latent space (figures 3, 4 and 9).
    /// </summary>
    public ClassGrid PerturbedClasses(float[] image, LatentGrid grid, int target)
    {
        Require2D();
        var points = Points(grid.Validated());
        var (predictions, losses, _) = Evaluate(image, points, target, keepImages: false);
        var classes = new int[grid.Rows, grid.Columns];
        var loss = new float[grid.Rows, grid.Columns];
        for (int i = 0; i < points.Length; i++)
        {
            classes[i / grid.Columns, i % grid.Columns] = predictions[i];
            loss[i / grid.Columns, i % grid.Columns] = losses[i];
        }

        return new ClassGrid(grid, classes, loss);
    }

    /// <summary>x' and c(x') for each eps (any d).</summary>
    public (int[] Predictions, float[][] Images) Perturbed(float[] image, IReadOnlyList<float[]> eps)
    {
        var (predictions, _, images) = Evaluate(image, eps, target: 0, keepImages: true);
        return (predictions, images!);
    }

    /// <summary>c(x') for each eps (any d).</summary>
    public int[] Predict(float[] image, IReadOnlyList<float[]> eps) => Evaluate(image, eps, target: 0, keepImages: false).Predictions;

    private (int[] Predictions, float[] Losses, float[][]? Images) Evaluate(float[] image, IReadOnlyList<float[]> eps, int target, bool keepImages)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(eps);
        if (image.Length != Shape.Values)
        {
            throw new ArgumentException($"A {Shape} image has {Shape.Values} values; got {image.Length}.", nameof(image));
        }

        if (eps.Any(e => e.Length != LatentSize))
        {
            throw new ArgumentException($"Every eps needs d = {LatentSize} values.", nameof(eps));
        }

        if (target < 0 || target >= _classifier.ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, $"The classifier has {_classifier.ClassCount} classes.");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = tensor(image, Shape.Batch(1), device: _device);
        var z = _latent.EncodeMean(x);
        var residual = x - _latent.Decode(z);
        var predictions = new int[eps.Count];
        var losses = new float[eps.Count];
        var images = keepImages ? new float[eps.Count][] : null;
        for (int start = 0; start < eps.Count; start += Batch)
        {
            using var batchScope = NewDisposeScope();
            int n = Math.Min(Batch, eps.Count - start);
            var e = tensor(Flatten(eps, start, n), [n, LatentSize], device: _device);
            var xp = _latent.Decode(z + e) + residual;
            var logits = _classifier.call(xp);
            var p = logits.argmax(1).cpu().data<long>().ToArray();
            var ce = (-nn.functional.log_softmax(logits, 1)[.., target]).cpu().data<float>().ToArray();
            var host = keepImages ? xp.reshape(n, -1).cpu() : null;
            for (int i = 0; i < n; i++)
            {
                predictions[start + i] = (int)p[i];
                losses[start + i] = ce[i];
                if (images is not null)
                {
                    images[start + i] = host![i].data<float>().ToArray();
                }
            }
        }

        return (predictions, losses, images);
    }

    private void Require2D()
    {
        if (LatentSize != 2)
        {
            throw new InvalidOperationException($"Class maps need a 2-D latent space; this latent model has d = {LatentSize}.");
        }
    }

    private Tensor Stack(IReadOnlyList<float[]> images, int start, int n)
    {
        var flat = new float[n * Shape.Values];
        for (int i = 0; i < n; i++)
        {
            if (images[start + i].Length != Shape.Values)
            {
                throw new ArgumentException($"A {Shape} image has {Shape.Values} values; image {start + i} has {images[start + i].Length}.");
            }

            images[start + i].CopyTo(flat, i * Shape.Values);
        }

        return tensor(flat, Shape.Batch(n), device: _device);
    }

    private static float[][] Points(LatentGrid grid)
    {
        var points = new float[grid.Rows * grid.Columns][];
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
            {
                points[(r * grid.Columns) + c] = [(float)grid.X(c), (float)grid.Y(r)];
            }
        }

        return points;
    }

    private static float[] Flatten(IReadOnlyList<float[]> rows, int start, int n)
    {
        int width = rows[start].Length;
        var flat = new float[n * width];
        for (int i = 0; i < n; i++)
        {
            rows[start + i].CopyTo(flat, i * width);
        }

        return flat;
    }
}
