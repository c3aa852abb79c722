using Orleans.Lse.Core.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// One network for several binary traits of square RGB faces (side a multiple of 8): three stride-2 convolutions
/// (32-64-128 channels) and a linear layer on their map, which keeps where things are (traits live in places), to one
/// logit per trait (multi-label, trained with binary cross entropy). <see cref="Trait"/> views
/// one trait as the engine's two-class classifier.
/// </summary>
public sealed class FaceTraitNet : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Linear _heads;

    public FaceTraitNet(IReadOnlyList<string> traits, int imageSize = 64) : base(nameof(FaceTraitNet))
    {
        ArgumentOutOfRangeException.ThrowIfZero(traits.Count);
        Traits = [.. traits];
        if (imageSize < 8 || imageSize % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The trait network takes square images whose side is a multiple of 8.");
        }

        InputShape = new ImageShape(3, imageSize, imageSize).Validated();
        _features = Sequential(
            Conv2d(3, 32, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(32, 64, 4, stride: 2, padding: 1), ReLU(),
            Conv2d(64, 128, 4, stride: 2, padding: 1), ReLU(),
            Flatten());
        _heads = Linear(128 * (imageSize / 8) * (imageSize / 8), traits.Count);
        RegisterComponents();
    }

    /// <summary>The traits, in the order of the logits.</summary>
    public IReadOnlyList<string> Traits { get; }

    public ImageShape InputShape { get; }

    /// <summary>Logits [N, traits]: positive where the trait is predicted.</summary>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return _heads.forward(_features.forward(input)).MoveToOuterDisposeScope();
    }

    /// <summary>Trait <paramref name="trait"/> as a two-class classifier (class 1: has it), sharing this network's weights.</summary>
    public ImageClassifier Trait(int trait)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trait);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trait, Traits.Count);
        return new TraitClassifier(this, trait);
    }
}
