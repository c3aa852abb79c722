using static TorchSharp.torch;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// An image classifier c: images [N, C, H, W] (values as its training saw them) to logits [N, K]. Binary traits are
/// K = 2. This is all the search engine knows of a classifier.
/// </summary>
public abstract class ImageClassifier : nn.Module<Tensor, Tensor>
{
    protected ImageClassifier(string name, ImageShape inputShape, int classCount) : base(name)
    {
        InputShape = inputShape.Validated();
        if (classCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier needs at least 2 classes.");
        }

        ClassCount = classCount;
    }

    /// <summary>The shape of one input image.</summary>
    public ImageShape InputShape { get; }

    /// <summary>K, the number of classes (logits per image).</summary>
    public int ClassCount { get; }

    /// <summary>
    /// A faster route to the input gradient than autograd, or null (the default) to use autograd. It may assume eval mode
    /// and weights frozen while it is in use, as the engine keeps them.
    /// </summary>
    public virtual IInputGradient? CreateInputGradient() => null;
}
