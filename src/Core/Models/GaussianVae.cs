using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// A variational auto-encoder with a diagonal Gaussian posterior and a Bernoulli decoder: what the ELBO training
/// (<see cref="Training.Trainer.TrainVae"/>) needs. The mean of the posterior is the encoding; the decoder's sigmoid is
/// the decoding.
/// </summary>
public abstract class GaussianVae(string name, ImageShape imageShape, int latentSize) : LatentModel(name, imageShape, latentSize)
{
    /// <summary>Posterior mean and log-variance, each [B, d].</summary>
    public abstract (Tensor Mu, Tensor LogVar) Encode(Tensor images);

    /// <summary>Decoder logits (before the sigmoid), [B, C, H, W] or flat [B, C*H*W], for a numerically stable reconstruction loss.</summary>
    public abstract Tensor DecodeLogits(Tensor latents);

    /// <summary>Decodes latents [B, d] to images [B, C, H, W] in [0, 1].</summary>
    public override Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        return functional.sigmoid(DecodeLogits(latents)).reshape(ImageShape.Batch(-1)).MoveToOuterDisposeScope();
    }
}
