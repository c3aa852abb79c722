using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// MLP variational auto-encoder, for 1x28x28 images by default (any CxHxW), with latent size d &gt;= 1: encoder
/// CHW-512-256-(mu, logvar), decoder d-256-512-CHW with a sigmoid output (Bernoulli likelihood, values in [0, 1]).
/// </summary>
public sealed class Vae : GaussianVae
{
    private readonly Linear enc1;
    private readonly Linear enc2;
    private readonly Linear encMu;
    private readonly Linear encLogVar;
    private readonly Linear dec1;
    private readonly Linear dec2;
    private readonly Linear dec3;

    public Vae(int latentSize, ImageShape? imageShape = null) : base(nameof(Vae), imageShape ?? ImageShape.Mnist, latentSize)
    {
        enc1 = Linear(ImageShape.Values, 512);
        enc2 = Linear(512, 256);
        encMu = Linear(256, latentSize);
        encLogVar = Linear(256, latentSize);
        dec1 = Linear(latentSize, 256);
        dec2 = Linear(256, 512);
        dec3 = Linear(512, ImageShape.Values);
        RegisterComponents();
    }

    /// <summary>The encoder's last hidden layer (256 features); the paper's classifier head sits on it.</summary>
    public Tensor EncodeHidden(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(enc1.forward(images.reshape(-1, ImageShape.Values)));
        return functional.relu(enc2.forward(h)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override (Tensor Mu, Tensor LogVar) Encode(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = EncodeHidden(images);
        var mu = encMu.forward(h);
        var logVar = encLogVar.forward(h);
        return (mu.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public override Tensor EncodeMean(Tensor images)
    {
        using var scope = NewDisposeScope();
        return encMu.forward(EncodeHidden(images)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor DecodeLogits(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(dec1.forward(latents));
        h = functional.relu(dec2.forward(h));
        return dec3.forward(h).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var layer in new[] { enc1, enc2, encMu, encLogVar, dec1, dec2, dec3 })
            {
                layer.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
