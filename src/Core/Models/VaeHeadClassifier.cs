using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// The paper's classifier: a head trained on the frozen encoder of a VAE (section 3.1). It owns a copy of the
/// encoder's weights so that its checkpoint is self-contained; only the head is trained.
/// </summary>
public sealed class VaeHeadClassifier : ImageClassifier
{
    private readonly Vae encoder;
    private readonly Linear head1;
    private readonly Linear head2;

    public VaeHeadClassifier(int latentSize, int classes = 10, ImageShape? inputShape = null) : base(nameof(VaeHeadClassifier), inputShape ?? ImageShape.Mnist, classes)
    {
        encoder = new Vae(latentSize, InputShape);
        head1 = Linear(256, 128);
        head2 = Linear(128, classes);
        RegisterComponents();
    }

    /// <summary>Latent size of the VAE whose encoder this head sits on.</summary>
    public int LatentSize => encoder.LatentSize;

    /// <summary>Copies the encoder weights from a trained VAE and freezes them.</summary>
    public void UseEncoderOf(Vae vae)
    {
        ArgumentNullException.ThrowIfNull(vae);
        if (vae.LatentSize != LatentSize || vae.ImageShape != InputShape)
        {
            throw new ArgumentException($"VAE {vae.ImageShape}, d = {vae.LatentSize} does not match the head's {InputShape}, d = {LatentSize}.", nameof(vae));
        }

        encoder.load_state_dict(vae.state_dict());
        FreezeEncoder();
    }

    /// <summary>Stops gradients into the encoder (also after loading a checkpoint).</summary>
    public void FreezeEncoder()
    {
        foreach (var p in encoder.parameters())
        {
            p.requires_grad = false;
        }
    }

    /// <summary>The trainable parameters: the head only.</summary>
    public IEnumerable<Parameter> HeadParameters() => head1.parameters().Concat(head2.parameters());

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = encoder.EncodeHidden(input);
        return head2.forward(functional.relu(head1.forward(h))).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            encoder.Dispose();
            head1.Dispose();
            head2.Dispose();
        }

        base.Dispose(disposing);
    }
}
