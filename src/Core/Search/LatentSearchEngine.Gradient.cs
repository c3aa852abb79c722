using Orleans.Lse.Core.Devices;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

public sealed partial class LatentSearchEngine
{
    /// <summary>
    /// One evaluation with gradient: x' = x + (g(mu + eps) - gz), its logits, each row's CE towards <paramref name="t"/>, the
    /// rows on target, and the gradient with respect to eps of sum(w * CE) / <paramref name="meanOver"/>, with the row
    /// weights w = <paramref name="rowWeights"/>(hits). Through the classifier's hand-written backward when it has one,
    /// through autograd otherwise.
    /// </summary>
    private (Tensor Logits, Tensor Ce, Tensor Hit, Tensor Perturbed, Tensor Gradient) CeGradient(Tensor x, Tensor mu, Tensor gz, Tensor t, Tensor eps, Func<Tensor, Tensor> rowWeights, int meanOver = 1)
    {
        // The activations die here, not at the end of the step: a step over many row tiles would otherwise hold them all.
        using var scope = NewDisposeScope();
        var epsVar = eps.detach().requires_grad_(true);
        var xp = x + (_latent.Decode(mu + epsVar) - gz);
        Tensor logits, ce, hit;
        if (_inputGradient is { } byHand)
        {
            Tensor? rowCe = null, rowHit = null;
            (logits, var inputGradient) = byHand.Backpropagate(xp.detach(), l =>
            {
                // d CE / d logits = softmax - onehot(t), weighted per row.
                var logProbabilities = nn.functional.log_softmax(l, 1);
                rowCe = logProbabilities.gather(1, t.unsqueeze(1)).squeeze(1).neg();
                rowHit = l.argmax(1).eq(t);
                var weights = rowWeights(rowHit);
                var gradient = (logProbabilities.exp() - nn.functional.one_hot(t, l.shape[1]).to_type(l.dtype)) * weights.unsqueeze(1);
                return meanOver > 1 ? gradient.Div(meanOver) : gradient;
            });
            ce = rowCe!;
            hit = rowHit!;
            xp.backward([inputGradient]);
        }
        else
        {
            logits = _classifier.forward(xp);
            ce = nn.functional.cross_entropy(logits, t, reduction: nn.Reduction.None);
            hit = logits.argmax(1).eq(t);
            var loss = (ce * rowWeights(hit)).sum();
            (meanOver > 1 ? loss.Div(meanOver) : loss).backward();
        }

        return (logits.detach().MoveToOuterDisposeScope(), ce.detach().MoveToOuterDisposeScope(), hit.MoveToOuterDisposeScope(), xp.detach().MoveToOuterDisposeScope(), epsVar.grad!.detach().MoveToOuterDisposeScope());
    }
}
