using System.Diagnostics;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// The face models of the CelebA experiment as <c>lse celeba train</c> and face campaigns both make them: the trait
/// network and the generative model (VAE-GAN or convolutional VAE), each loaded from its checkpoint folder when trained
/// before with the same settings, else trained and saved there (<see cref="FaceCheckpoints"/>).
/// </summary>
public static class FaceModelRecipes
{
    /// <summary>Largest latent size a face model takes.</summary>
    public const int MaxLatentSize = 8192;

    /// <summary>
    /// The generative model <paramref name="kind"/> (vaegan or vae) of latent size <paramref name="latentSize"/> (0 = the
    /// kind's default: 1024 for the VAE-GAN, the paper's; 128 for the VAE), refused with the reason when the sizes do not fit it.
    /// </summary>
    public static FaceModelSpec Generative(string kind, int latentSize, int width, int imageSize, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (latentSize is < 0 or > MaxLatentSize)
        {
            throw new ArgumentException($"The latent size must be in 0..{MaxLatentSize} (0 = the model's default; got {latentSize}).");
        }

        switch (kind.Trim().ToLowerInvariant())
        {
            case "vaegan":
                if (batchSize < 2)
                {
                    throw new ArgumentException($"The batch size must be 2 or more for the VAE-GAN, whose batch norms need two images (got {batchSize}).");
                }

                if (imageSize is < 8 or > 512 || imageSize % 8 != 0)
                {
                    throw new ArgumentException($"The image size must be a multiple of 8 in 8..512 for the VAE-GAN (got {imageSize}).");
                }

                if (width is < 4 or > 512 || width % 2 != 0)
                {
                    throw new ArgumentException($"The VAE-GAN's width must be an even number in 4..512 (got {width}).");
                }

                return new(ModelKind.VaeGan, latentSize == 0 ? VaeGan.DefaultLatentSize : latentSize, width);
            case "vae":
                if (imageSize is < 16 or > 512 || imageSize % 16 != 0)
                {
                    throw new ArgumentException($"The image size must be a multiple of 16 in 16..512 for the convolutional VAE (got {imageSize}).");
                }

                return new(ModelKind.ConvVae, latentSize == 0 ? 128 : latentSize);
            default:
                throw new ArgumentException($"The face model must be vaegan or vae (got '{kind}').");
        }
    }

    /// <summary>The trait network for <paramref name="traits"/>, loaded from <paramref name="folder"/> or trained on <paramref name="data"/> and saved there.</summary>
    public static FaceCheckpoint<FaceTraitNet> TraitNet(string folder, CelebaDataset data, IReadOnlyList<string> traits, TrainingOptions options, Device? device = null, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(traits);
        foreach (string trait in traits)
        {
            data.Annotations.AttributeIndex(trait);
        }

        return FaceCheckpoints.LoadOrTrain<FaceTraitNet>(folder, data, FaceModelSpec.TraitNet(traits), options, net =>
        {
            var accuracy = FaceTraining.TrainTraits(net, data, options, progress, cancellationToken);
            return net.Traits.Select((t, i) => (t, i)).ToDictionary(p => $"testAccuracy.{p.t}", p => accuracy[p.i]);
        }, device, cancellationToken);
    }

    /// <summary>The generative model <paramref name="spec"/> describes, loaded from <paramref name="folder"/> or trained on <paramref name="data"/> and saved there.</summary>
    public static FaceCheckpoint<LatentModel> Generative(string folder, CelebaDataset data, FaceModelSpec spec, TrainingOptions options, Device? device = null, IProgressSink? progress = null, CancellationToken cancellationToken = default) =>
        FaceCheckpoints.LoadOrTrain<LatentModel>(folder, data, spec, options, model => Train(model, data, options, progress, cancellationToken), device, cancellationToken);

    private static Dictionary<string, double> Train(LatentModel model, CelebaDataset data, TrainingOptions options, IProgressSink? progress, CancellationToken cancellationToken)
    {
        switch (model)
        {
            case VaeGan gan:
                var metrics = VaeGanTraining.Train(gan, data, options, progress, cancellationToken);
                return new() { ["testReconstructionMse"] = metrics.ReconstructionMse, ["testDiscriminatorAccuracy"] = metrics.DiscriminatorAccuracy };
            case ConvVae vae:
                return new() { ["testReconstructionMse"] = FaceTraining.TrainVae(vae, data, options, progress, cancellationToken) };
            default:
                throw new UnreachableException($"{model.GetType().Name} is not a face generative model.");
        }
    }
}
