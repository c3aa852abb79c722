using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// One trait of a <see cref="FaceTraitNet"/> as a two-class classifier: logits [0, l] (softmax gives 1 - sigmoid(l) and
/// sigmoid(l)), so "has the trait" is class 1. It shares the network's weights and moves with it; disposing it leaves
/// the network alone (the network is disposed by whoever made it).
/// </summary>
internal sealed class TraitClassifier : ImageClassifier
{
    private readonly FaceTraitNet _net;
    private readonly int _trait;

    public TraitClassifier(FaceTraitNet net, int trait) : base($"{net.Traits[trait]}", net.InputShape, 2)
    {
        _net = net;
        _trait = trait;
        register_module("net", net);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var logit = _net.forward(input).narrow(1, _trait, 1);
        return cat([zeros_like(logit), logit], 1).MoveToOuterDisposeScope();
    }

    // The shared network is registered so that it moves, evaluates and freezes with this view, but it is not this view's
    // to dispose: its owner disposes it, and this view's own native handle is released by its safe handle's finalizer.
    protected override void Dispose(bool disposing)
    {
    }
}
