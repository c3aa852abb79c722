using static TorchSharp.torch;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// A classifier's own route to the gradient of a loss with respect to its input: a faster way to what autograd
/// computes, offered by a classifier that has one (<see cref="ImageClassifier.CreateInputGradient"/>).
/// </summary>
public interface IInputGradient
{
    /// <summary>
    /// The logits for <paramref name="input"/> (exactly the classifier's eval-mode forward pass) and the gradient with
    /// respect to the input of the loss whose gradient with respect to the logits <paramref name="logitGradient"/> returns.
    /// </summary>
    (Tensor Logits, Tensor InputGradient) Backpropagate(Tensor input, Func<Tensor, Tensor> logitGradient);
}
