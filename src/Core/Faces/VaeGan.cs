using Orleans.Lse.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// A VAE-GAN (Larsen et al. 2015) for square RGB faces whose side is a multiple of 8 (64x64 by default), latent size 1024
/// by default. Encoder: three stride-2 convolutions (w, 2w, 4w channels, batch norm, ReLU) to (mu, log-variance). Decoder:
/// a linear layer to a 4w map at 1/8 of the side, three stride-2 transposed convolutions (4w to 2w to w to w/2) and a 3x3
/// convolution to RGB through a sigmoid. The <see cref="Discriminator"/> is part of the module, so one checkpoint holds
/// the three networks; the search uses only the encoder's mean and the decoder. w = 64 is the paper's width.
/// </summary>
public sealed class VaeGan : LatentModel
{
    /// <summary>The paper's latent size for CelebA.</summary>
    public const int DefaultLatentSize = 1024;

    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Sequential _expand;
    private readonly Sequential _decoder;
    private readonly int _side;
    private readonly int _width;

    public VaeGan(int latentSize = DefaultLatentSize, int imageSize = 64, int width = 64) : base(nameof(VaeGan), new ImageShape(3, imageSize, imageSize), latentSize)
    {
        if (imageSize < 8 || imageSize % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The VAE-GAN takes square images whose side is a multiple of 8.");
        }

        if (width < 4 || width > 512 || width % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The VAE-GAN's width must be an even number of channels in 4..512.");
        }

        _side = imageSize / 8;
        _width = width;
        int flat = 4 * width * _side * _side;
        _encoder = Sequential(
            Conv2d(3, width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(width), ReLU(),
            Conv2d(width, 2 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(2 * width), ReLU(),
            Conv2d(2 * width, 4 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(4 * width), ReLU(),
            Flatten());
        _mu = Linear(flat, latentSize);
        _logVar = Linear(flat, latentSize);
        _expand = Sequential(Linear(latentSize, flat), FaceLayers.BatchNorm1d(flat), ReLU());
        _decoder = Sequential(
            ConvTranspose2d(4 * width, 2 * width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(2 * width), ReLU(),
            ConvTranspose2d(2 * width, width, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(width), ReLU(),
            ConvTranspose2d(width, width / 2, 4, stride: 2, padding: 1), FaceLayers.BatchNorm2d(width / 2), ReLU(),
            Conv2d(width / 2, 3, 3, padding: 1));
        Discriminator = new FaceDiscriminator(imageSize, width);
        RegisterComponents();
    }

    /// <summary>Channels of the first layer (the paper: 64).</summary>
    public int Width => _width;

    /// <summary>The discriminator, trained with the VAE and saved with it.</summary>
    public FaceDiscriminator Discriminator { get; }

    /// <summary>The encoder's and decoder's parameters (without the discriminator's), for their own optimisers.</summary>
    public (IReadOnlyList<Parameter> Encoder, IReadOnlyList<Parameter> Decoder) GeneratorParameters() =>
        ([.. _encoder.parameters(), .. _mu.parameters(), .. _logVar.parameters()], [.. _expand.parameters(), .. _decoder.parameters()]);

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
        var h = _expand.forward(latents).reshape(-1, 4 * _width, _side, _side);
        return functional.sigmoid(_decoder.forward(h)).MoveToOuterDisposeScope();
    }
}
