using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// MLP variational auto-encoder for 1x28x28 images with latent size d &gt;= 1: encoder 784-512-256-(mu, logvar),
/// decoder d-256-512-784 with a sigmoid output (Bernoulli likelihood).
/// <see cref="forward"/> reconstructs through the posterior mean, so it is deterministic.
/// </summary>
public sealed class Vae : Module<Tensor, Tensor>
{
    public const int Pixels = 28 * 28;
    private readonly Linear enc1;
    private readonly Linear enc2;
    private readonly Linear encMu;
    private readonly Linear encLogVar;
    private readonly Linear dec1;
    private readonly Linear dec2;
    private readonly Linear dec3;

    public Vae(int latentSize) : base(nameof(Vae))
    {
        if (latentSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(latentSize), latentSize, "The latent size d must be at least 1.");
        }

        LatentSize = latentSize;
        enc1 = Linear(Pixels, 512);
        enc2 = Linear(512, 256);
        encMu = Linear(256, latentSize);
        encLogVar = Linear(256, latentSize);
        dec1 = Linear(latentSize, 256);
        dec2 = Linear(256, 512);
        dec3 = Linear(512, Pixels);
        RegisterComponents();
    }

    /// <summary>The latent size d.</summary>
    public int LatentSize { get; }

    /// <summary>The encoder's last hidden layer (256 features); the paper's classifier head sits on it.</summary>
    public Tensor EncodeHidden(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(enc1.forward(images.reshape(-1, Pixels)));
        return functional.relu(enc2.forward(h)).MoveToOuterDisposeScope();
    }

    /// <summary>Posterior mean and log-variance, each [B, d].</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = EncodeHidden(images);
        var mu = encMu.forward(h);
        var logVar = encLogVar.forward(h);
        return (mu.MoveToOuterDisposeScope(), logVar.MoveToOuterDisposeScope());
    }

    /// <summary>Decodes latents [B, d] to images [B, 1, 28, 28] in [0, 1].</summary>
    public Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(dec1.forward(latents));
        h = functional.relu(dec2.forward(h));
        return functional.sigmoid(dec3.forward(h)).reshape(-1, 1, 28, 28).MoveToOuterDisposeScope();
    }

    /// <summary>Decoder logits (before the sigmoid), for a numerically stable reconstruction loss.</summary>
    public Tensor DecodeLogits(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(dec1.forward(latents));
        h = functional.relu(dec2.forward(h));
        return dec3.forward(h).MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (mu, _) = Encode(input);
        return Decode(mu).MoveToOuterDisposeScope();
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
