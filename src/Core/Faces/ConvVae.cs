using Orleans.Lse.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// Convolutional variational auto-encoder for square RGB images whose side is a multiple of 16 (64x64 faces by default):
/// encoder four stride-2 convolutions (32-64-128-256 channels) to (mu, logvar), decoder the mirror image with transposed
/// convolutions and a sigmoid output (Bernoulli likelihood, values in [0, 1]). The plain option beside a VAE-GAN.
/// </summary>
public sealed class ConvVae : LatentModel
{
    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Linear _expand;
    private readonly Sequential _decoder;
    private readonly int _side;

    public ConvVae(int latentSize, int imageSize = 64) : base(nameof(ConvVae), new ImageShape(3, imageSize, imageSize), latentSize)
    {
        if (imageSize < 16 || imageSize % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The convolutional VAE takes square images whose side is a multiple of 16.");
        }

        _side = imageSize / 16;
        _encoder = Sequential(
            Conv2d(3, 32, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(32, 64, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(64, 128, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(128, 256, 4, stride: 2, padding: 1), ReLU(),
            Flatten());
        _mu = Linear(256 * _side * _side, latentSize);
        _logVar = Linear(256 * _side * _side, latentSize);
        _expand = Linear(latentSize, 256 * _side * _side);
        _decoder = Sequential(
            ConvTranspose2d(256, 128, 4, stride: 2, padding: 1), ReLU(),
            ConvTranspose2d(128, 64, 4, stride: 2, padding: 1), ReLU(),
            ConvTranspose2d(64, 32, 4, stride: 2, padding: 1), ReLU(),
            ConvTranspose2d(32, 3, 4, stride: 2, padding: 1));
        RegisterComponents();
    }

    /// <summary>Posterior mean and log-variance, each [B, d].</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = _encoder.forward(images);
        return (_mu.forward(h).MoveToOuterDisposeScope(), _logVar.forward(h).MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public override Tensor EncodeMean(Tensor images)
    {
        using var scope = NewDisposeScope();
        return _mu.forward(_encoder.forward(images)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        return functional.sigmoid(DecodeLogits(latents)).MoveToOuterDisposeScope();
    }

    /// <summary>Decoder logits [B, 3, H, W] (before the sigmoid), for a numerically stable reconstruction loss.</summary>
    public Tensor DecodeLogits(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(_expand.forward(latents)).reshape(-1, 256, _side, _side);
        return _decoder.forward(h).MoveToOuterDisposeScope();
    }
}
