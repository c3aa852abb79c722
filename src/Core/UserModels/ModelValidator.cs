using System.Diagnostics;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.UserModels;

/// <summary>
/// Checks a loaded user model before anything is searched with it: the classifier's logits on a probe batch (shape, one
/// per class name, finite), the encoder's mean (shape [N, d], finite), the decoder's images (the classifier's input
/// shape, finite), a gradient from the classifier's loss through the decoder to z, and, on a sample of the user's
/// images, the reconstruction error, refused above the manifest's limit or the caller's override.
/// </summary>
public static class ModelValidator
{
    /// <summary>Images in the probe batch.</summary>
    public const int ProbeImages = 4;

    /// <summary>Images the reconstruction error is measured on where a caller has more: spread over them.</summary>
    public const int SampleImages = 256;

    /// <summary>At most <see cref="SampleImages"/> of <paramref name="images"/> [N, C, H, W], spread evenly (an ImageFolder is in class order).</summary>
    public static Tensor Sample(Tensor images)
    {
        long n = images.shape[0];
        if (n <= SampleImages)
        {
            return images.alias();
        }

        using var rows = tensor(Enumerable.Range(0, SampleImages).Select(i => (long)i * n / SampleImages).ToArray());
        return images.index_select(0, rows);
    }

    /// <param name="model">The loaded model.</param>
    /// <param name="sample">Images [N, C, H, W] in [0, 1] for the reconstruction error; null: not measured.</param>
    /// <param name="maxReconstructionError">Overrides the manifest's limit; null: the manifest's.</param>
    public static ModelCheck Check(UserModel model, Tensor? sample = null, double? maxReconstructionError = null)
    {
        var clock = Stopwatch.StartNew();
        var manifest = model.Manifest;
        model.Classifier.eval();
        model.Latent.eval();
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(7);
        var probe = rand(manifest.ImageShape.Batch(ProbeImages), generator: generator);
        Tensor logits, mean, decoded;
        using (no_grad())
        {
            logits = model.Classifier.forward(probe);
            RequireFinite(logits, $"{manifest.ClassifierFile} returned NaN or infinite logits for a probe batch of random images");
            mean = model.Latent.EncodeMean(probe);
            RequireFinite(mean, $"{EncoderFile(manifest)} returned a NaN or infinite mean for a probe batch of random images");
            decoded = model.Latent.Decode(mean);
            RequireFinite(decoded, $"{DecoderFile(manifest)} returned NaN or infinite images for the probe batch's latents");
        }

        var z = mean.detach().requires_grad_(true);
        var loss = nn.functional.cross_entropy(model.Classifier.forward(model.Latent.Decode(z)), zeros(ProbeImages, dtype: int64));
        var grad = loss.requires_grad ? TorchSharp.torch.autograd.grad([loss], [z], allow_unused: true)[0] : null;
        double gradient = grad is null || grad.IsInvalid ? 0 : grad.abs().mean().item<float>();
        if (gradient == 0 || !double.IsFinite(gradient))
        {
            throw new UserModelException($"No gradient reaches the latent through {DecoderFile(manifest)} and {manifest.ClassifierFile}: the search moves z by that gradient. " +
                "Export the decoder without detach(), no_grad() or integer casts on the path from z to its output.");
        }

        double? error = null;
        int count = 0;
        if (sample is not null && sample.shape[0] > 0)
        {
            using (no_grad())
            {
                count = (int)sample.shape[0];
                double sum = 0;
                for (long start = 0; start < count; start += 256)
                {
                    using var batchScope = NewDisposeScope();
                    var batch = sample.narrow(0, start, Math.Min(256, count - start));
                    var reconstruction = model.Latent.Decode(model.Latent.EncodeMean(batch));
                    sum += reconstruction.sub(batch).square().sum().item<float>();
                }

                error = sum / ((double)count * manifest.ImageShape.Values);
            }

            double limit = maxReconstructionError ?? manifest.MaxReconstructionError;
            if (!double.IsFinite(error.Value) || error > limit)
            {
                throw new UserModelException($"{DecoderFile(manifest)}: the reconstruction g(e(x)) misses the images by a mean squared error of {error:0.####} (pixels in [0, 1]) on {count} images, above the limit {limit:0.####}. " +
                    "Latent explanations from a decoder this far from the data explain the decoder, not the classifier; check valueRange and the encoder's output, or raise the limit (maxReconstructionError in the manifest, or --max-reconstruction-error).");
            }
        }

        return new ModelCheck(manifest.ClassNames.Count, manifest.LatentSize, error, count, gradient, clock.Elapsed.TotalSeconds);
    }

    private static void RequireFinite(Tensor values, string problem)
    {
        using var finite = values.isfinite().all();
        if (!finite.item<bool>())
        {
            throw new UserModelException(problem + ".");
        }
    }

    private static string EncoderFile(ModelManifest m) => m.EncoderFile ?? $"{m.ModuleFile} (encode)";

    private static string DecoderFile(ModelManifest m) => m.DecoderFile ?? $"{m.ModuleFile} (decode)";
}
