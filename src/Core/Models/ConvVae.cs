using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// Convolutional variational auto-encoder for square images. RGB faces, whose side is a multiple of 16 (64x64 by default):
/// encoder four stride-2 convolutions (32-64-128-256 channels) to (mu, logvar), decoder the mirror image with transposed
/// convolutions. Grey 28x28 digits and clothes (MNIST, Fashion-MNIST), or any side that is a multiple of 4: two stride-2
/// convolutions (32-64 channels, 28 -> 14 -> 7) and their mirror. A sigmoid output (Bernoulli likelihood, values in [0, 1]).
/// </summary>
public sealed class ConvVae : GaussianVae
{
    private static readonly int[] s_deepChannels = [32, 64, 128, 256];
    private static readonly int[] s_shallowChannels = [32, 64];
    private readonly Sequential _encoder;
    private readonly Linear _mu;
    private readonly Linear _logVar;
    private readonly Linear _expand;
    private readonly Sequential _decoder;
    private readonly int _side;
    private readonly int _top;

    /// <summary>A convolutional VAE of latent size <paramref name="latentSize"/> for <paramref name="channels"/> x <paramref name="imageSize"/>².</summary>
    public ConvVae(int latentSize, int imageSize = 64, int channels = 3) : base(nameof(ConvVae), new ImageShape(channels, imageSize, imageSize), latentSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        int[] widths = imageSize >= 16 && imageSize % 16 == 0 ? s_deepChannels
            : imageSize >= 4 && imageSize % 4 == 0 ? s_shallowChannels
            : throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The convolutional VAE takes square images whose side is a multiple of 4 (of 16 for its four-layer form).");
        _side = imageSize >> widths.Length;
        _top = widths[^1];
        var encoder = new List<Module<Tensor, Tensor>>();
        var decoder = new List<Module<Tensor, Tensor>>();
        for (int i = 0; i < widths.Length; i++)
        {
            encoder.Add(Conv2d(i == 0 ? channels : widths[i - 1], widths[i], 4, stride: 2, padding: 1));
            encoder.Add(ReLU());
            int from = widths[^(i + 1)], to = i + 1 < widths.Length ? widths[^(i + 2)] : channels;
            decoder.Add(ConvTranspose2d(from, to, 4, stride: 2, padding: 1));
            if (i + 1 < widths.Length)
            {
                decoder.Add(ReLU());
            }
        }

        encoder.Add(Flatten());
        _encoder = Sequential(encoder.ToArray());
        _mu = Linear(_top * _side * _side, latentSize);
        _logVar = Linear(_top * _side * _side, latentSize);
        _expand = Linear(latentSize, _top * _side * _side);
        _decoder = Sequential(decoder.ToArray());
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override (Tensor Mu, Tensor LogVar) Encode(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = _encoder.forward(images.reshape(ImageShape.Batch(-1)));
        return (_mu.forward(h).MoveToOuterDisposeScope(), _logVar.forward(h).MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public override Tensor EncodeMean(Tensor images)
    {
        using var scope = NewDisposeScope();
        return _mu.forward(_encoder.forward(images.reshape(ImageShape.Batch(-1)))).MoveToOuterDisposeScope();
    }

    /// <summary>Decoder logits [B, C, H, W] (before the sigmoid), for a numerically stable reconstruction loss.</summary>
    public override Tensor DecodeLogits(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(_expand.forward(latents)).reshape(-1, _top, _side, _side);
        return _decoder.forward(h).MoveToOuterDisposeScope();
    }
}
