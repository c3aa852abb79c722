using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Ground truth for 2-D latent spaces: evaluates c(x + g(w) - g(z)) on a grid of latent points w = z + eps covering the data
/// region ||w|| &lt;= R, so that it knows whether any eps reaches the target and the smallest such ||eps||. Three grids: a
/// coarse one over the whole disk, a fine polar one around z (small eps are common for LSE), and a fine square around the
/// best coarse hits. The decoded grid g(w) is shared by all searches.
/// </summary>
public sealed class LatentGridOracle
{
    private readonly ImageClassifier _classifier;
    private readonly LatentModel _vae;
    private readonly Device _device;

    public LatentGridOracle(ImageClassifier classifier, LatentModel vae, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(vae);
        if (vae.LatentSize != 2)
        {
            throw new ArgumentException($"The grid oracle needs a 2-D latent space; this latent model has d={vae.LatentSize}.", nameof(vae));
        }

        if (classifier.InputShape != vae.ImageShape)
        {
            throw new ArgumentException($"The classifier takes {classifier.InputShape} images but the latent model makes {vae.ImageShape} ones.", nameof(vae));
        }

        _classifier = classifier;
        _vae = vae;
        _device = device ?? CPU;
        _classifier.to(_device).eval();
        _vae.to(_device).eval();
    }

    /// <summary>Coarse grid spacing. Default 0.15.</summary>
    public double CoarseStep { get; init; } = 0.15;

    /// <summary>Radius of the fine polar grid around z. Default 0.45.</summary>
    public double NearRadius { get; init; } = 0.45;

    /// <summary>Ring spacing of the fine polar grid. Default 0.03.</summary>
    public double NearStep { get; init; } = 0.03;

    /// <summary>Classifier batch size. Default 1024.</summary>
    public int Batch { get; init; } = 1024;

    /// <summary>Runs the oracle for each item over the disk of radius <paramref name="radius"/> (the search's data region).</summary>
    public IReadOnlyList<OracleResult> Run(Tensor images, IReadOnlyList<SearchItem> items, double radius, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(items);
        var sink = progress ?? NullProgressSink.Instance;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x4 = images.dim() == 3 ? images.unsqueeze(1) : images;
        var coarse = CoarseGrid(radius);
        var coarseT = tensor(coarse, device: _device).reshape(-1, 2);
        var gCoarse = _vae.Decode(coarseT);
        var results = new OracleResult[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var itemScope = NewDisposeScope();
            var item = items[i];
            var x = x4.narrow(0, item.ImageRow, 1).to(_device);
            var z = _vae.EncodeMean(x);
            var zHost = z.cpu().data<float>().ToArray();
            var baseImage = x - _vae.Decode(z);
            int points = coarse.Length / 2;
            var best = BestHit(baseImage, gCoarse, coarse, zHost, item.Target, out var coarseHits);

            var near = NearGrid(zHost, radius);
            points += near.Length / 2;
            var nearBest = BestHit(baseImage, _vae.Decode(tensor(near, device: _device).reshape(-1, 2)), near, zHost, item.Target, out _);
            if (nearBest.Norm < best.Norm)
            {
                best = nearBest;
            }

            // Refine around the coarse hits that could still hold the minimum after refinement.
            foreach (var hit in coarseHits.Where(h => h.Norm <= best.Norm + CoarseStep * 1.5).OrderBy(h => h.Norm).Take(4))
            {
                var local = SquareGrid(hit.W0, hit.W1, CoarseStep, CoarseStep / 8, radius);
                points += local.Length / 2;
                var refined = BestHit(baseImage, _vae.Decode(tensor(local, device: _device).reshape(-1, 2)), local, zHost, item.Target, out _);
                if (refined.Norm < best.Norm)
                {
                    best = refined;
                }
            }

            bool solvable = !float.IsPositiveInfinity(best.Norm);
            results[i] = new OracleResult(item.Id, solvable, solvable ? best.Norm : float.NaN, points);
            sink.Report(new ProgressUpdate("oracle", i + 1, items.Count, null));
        }

        return results;
    }

    private readonly record struct Hit(float W0, float W1, float Norm);

    private Hit BestHit(Tensor baseImage, Tensor decoded, float[] grid, float[] z, int target, out List<Hit> hits)
    {
        hits = [];
        var best = new Hit(0, 0, float.PositiveInfinity);
        long n = decoded.shape[0];
        for (long s = 0; s < n; s += Batch)
        {
            using var scope = NewDisposeScope();
            long m = Math.Min(Batch, n - s);
            var xp = decoded.narrow(0, s, m) + baseImage;
            var onTarget = _classifier.forward(xp).argmax(1).Eq(target).cpu().data<bool>().ToArray();
            for (int j = 0; j < onTarget.Length; j++)
            {
                if (!onTarget[j])
                {
                    continue;
                }

                long g = s + j;
                float w0 = grid[2 * g], w1 = grid[(2 * g) + 1];
                float norm = MathF.Sqrt(((w0 - z[0]) * (w0 - z[0])) + ((w1 - z[1]) * (w1 - z[1])));
                var hit = new Hit(w0, w1, norm);
                hits.Add(hit);
                if (norm < best.Norm)
                {
                    best = hit;
                }
            }
        }

        return best;
    }

    private float[] CoarseGrid(double radius)
    {
        var list = new List<float>();
        int k = (int)Math.Ceiling(radius / CoarseStep);
        for (int i = -k; i <= k; i++)
        {
            for (int j = -k; j <= k; j++)
            {
                double a = i * CoarseStep, b = j * CoarseStep;
                if ((a * a) + (b * b) <= radius * radius)
                {
                    list.Add((float)a);
                    list.Add((float)b);
                }
            }
        }

        return [.. list];
    }

    private float[] NearGrid(float[] z, double radius)
    {
        var list = new List<float>();
        for (double r = NearStep; r <= NearRadius + 1e-9; r += NearStep)
        {
            // Arc spacing about NearStep at every ring.
            int angles = Math.Max(8, (int)Math.Ceiling(2 * Math.PI * r / NearStep));
            for (int a = 0; a < angles; a++)
            {
                double theta = 2 * Math.PI * a / angles;
                double w0 = z[0] + (r * Math.Cos(theta)), w1 = z[1] + (r * Math.Sin(theta));
                if ((w0 * w0) + (w1 * w1) <= radius * radius)
                {
                    list.Add((float)w0);
                    list.Add((float)w1);
                }
            }
        }

        return [.. list];
    }

    private static float[] SquareGrid(float c0, float c1, double halfWidth, double step, double radius)
    {
        var list = new List<float>();
        int k = (int)Math.Round(halfWidth / step);
        for (int i = -k; i <= k; i++)
        {
            for (int j = -k; j <= k; j++)
            {
                double a = c0 + (i * step), b = c1 + (j * step);
                if ((a * a) + (b * b) <= radius * radius)
                {
                    list.Add((float)a);
                    list.Add((float)b);
                }
            }
        }

        return [.. list];
    }
}
