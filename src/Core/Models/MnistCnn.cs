using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// Small all-convolutional classifier, for 1x28x28 images by default (any CxHxW with H and W multiples of 4): two 5x5
/// stride-2 conv/ReLU stages (16 and 32 channels, 28 -> 14 -> 7) and a 128-unit hidden layer. Strided convolutions instead of pooling: the search back-propagates
/// through the classifier thousands of times per explanation, and on CPUs pooling layers cost more than the
/// convolutions (docs/search-engine.md).
/// </summary>
public sealed class MnistCnn : ImageClassifier
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Dropout dropout;

    public MnistCnn(int classes = 10, ImageShape? inputShape = null) : base(nameof(MnistCnn), inputShape ?? ImageShape.Mnist, classes)
    {
        if (InputShape.Height % 4 != 0 || InputShape.Width % 4 != 0)
        {
            throw new ArgumentException($"The CNN's two stride-2 stages need H and W that are multiples of 4; got {InputShape}.", nameof(inputShape));
        }

        conv1 = Conv2d(InputShape.Channels, 16, 5, stride: 2, padding: 2);
        conv2 = Conv2d(16, 32, 5, stride: 2, padding: 2);
        fc1 = Linear(32 * (InputShape.Height / 4) * (InputShape.Width / 4), 128);
        fc2 = Linear(128, classes);
        dropout = Dropout(0.3);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = functional.relu(conv1.forward(input));
        h = functional.relu(conv2.forward(h));
        h = functional.relu(fc1.forward(h.flatten(1)));
        return fc2.forward(dropout.forward(h)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The hand-written backward to the input for the search (see <see cref="MnistCnnInputGradient"/>); the weights must stay
    /// frozen while it is in use, and the module must be in eval mode.
    /// </summary>
    public override IInputGradient CreateInputGradient()
    {
        if (training)
        {
            throw new InvalidOperationException("The CNN's input gradient is written for eval mode (dropout off); call eval() first.");
        }

        return new MnistCnnInputGradient(conv1, conv2, fc1, fc2);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            fc1.Dispose();
            fc2.Dispose();
            dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
