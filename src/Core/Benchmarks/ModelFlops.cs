using Orleans.Lse.Core.Models;
using TorchSharp.Modules;

namespace Orleans.Lse.Core.Benchmarks;

/// <summary>Analytic FLOP counts (2 per multiply-add) of one image through the models, from their layer shapes.</summary>
public static class ModelFlops
{
    /// <summary>
    /// Forward FLOPs of a classifier for one image (its convolutions taken as stride 2 with 'same' padding); NaN for one
    /// whose layers are not TorchSharp modules (a TorchScript classifier).
    /// </summary>
    public static double ClassifierForward(ImageClassifier classifier)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        double flops = double.NaN;
        int spatial = classifier.InputShape.Height * classifier.InputShape.Width;
        foreach (var (_, module) in classifier.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                {
                    var w = conv.weight!.shape; // [out, in, k, k]; stride 2 with 'same' padding halves each side
                    spatial /= 4;
                    flops = (double.IsNaN(flops) ? 0 : flops) + (2.0 * spatial * w[0] * w[1] * w[2] * w[3]);
                    break;
                }

                case Linear linear:
                    flops = (double.IsNaN(flops) ? 0 : flops) + (2.0 * linear.weight!.shape[0] * linear.weight!.shape[1]);
                    break;
            }
        }

        return flops;
    }

    /// <summary>Forward FLOPs of the decoder for one latent: known for the MLP VAE, NaN for other latent models.</summary>
    public static double DecoderForward(LatentModel latent)
    {
        ArgumentNullException.ThrowIfNull(latent);
        return latent is Vae vae ? 2.0 * ((vae.LatentSize * 256) + (256 * 512) + (512 * vae.ImageShape.Values)) : double.NaN;
    }

    /// <summary>
    /// FLOPs of one search step for one example: forward through decoder and classifier, and the backward pass to eps
    /// (input gradients only, about the forward's cost, since the weights are frozen).
    /// </summary>
    public static double SearchStep(ImageClassifier classifier, LatentModel vae) => 2 * (ClassifierForward(classifier) + DecoderForward(vae));
}
