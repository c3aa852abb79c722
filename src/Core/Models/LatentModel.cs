using static TorchSharp.torch;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// A latent model over images of one shape: an encoder whose mean e(x) is the search's z, and a decoder g from latents
/// [N, d] to images [N, C, H, W] (a VAE's, a VAE-GAN's, or any auto-encoder's). This is all the search engine knows of it.
/// </summary>
public abstract class LatentModel : nn.Module<Tensor, Tensor>
{
    protected LatentModel(string name, ImageShape imageShape, int latentSize) : base(name)
    {
        ImageShape = imageShape.Validated();
        if (latentSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(latentSize), latentSize, "The latent size d must be at least 1.");
        }

        LatentSize = latentSize;
    }

    /// <summary>The shape of the images it encodes and decodes.</summary>
    public ImageShape ImageShape { get; }

    /// <summary>The latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>z = e(x), the encoder's mean, [N, d], for images [N, C, H, W].</summary>
    public abstract Tensor EncodeMean(Tensor images);

    /// <summary>g(z): latents [N, d] to images [N, C, H, W].</summary>
    public abstract Tensor Decode(Tensor latents);

    /// <summary>g(e(x)): the reconstruction through the mean, so deterministic.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Decode(EncodeMean(input)).MoveToOuterDisposeScope();
    }
}
