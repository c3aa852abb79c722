using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>Builds the face model a checkpoint's metadata describes (kind, image size, latent size, width, traits).</summary>
public static class FaceModels
{
    /// <summary>A new, untrained module of the shape <paramref name="metadata"/> records.</summary>
    public static nn.Module<Tensor, Tensor> Create(CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.Kind switch
        {
            ModelKind.FaceTraits => new FaceTraitNet(metadata.Traits, metadata.ImageSize),
            ModelKind.ConvVae => new ConvVae(metadata.LatentSize, metadata.ImageSize),
            ModelKind.VaeGan => new VaeGan(metadata.LatentSize, metadata.ImageSize, metadata.Width),
            _ => throw new ArgumentException($"{metadata.Kind} is not a face model.", nameof(metadata)),
        };
    }
}
