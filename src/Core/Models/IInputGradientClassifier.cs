using static TorchSharp.torch;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// A frozen classifier that back-propagates to its input by hand. The search needs only the gradient with respect to the
/// image, thousands of times per explanation; a hand-written backward can use kernels that autograd's generic one does not.
/// </summary>
public interface IInputGradientClassifier
{
    /// <summary>
    /// The logits for <paramref name="input"/> (exactly the classifier's forward pass) and the gradient with respect to the
    /// input of the loss whose gradient with respect to the logits <paramref name="logitGradient"/> returns.
    /// </summary>
    (Tensor Logits, Tensor InputGradient) Backpropagate(Tensor input, Func<Tensor, Tensor> logitGradient);
}
