using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Models;

/// <summary>
/// <see cref="MnistCnn"/>'s backward pass to its input, written out. Autograd takes the input gradient of a 5x5 stride-2
/// convolution through oneDNN's backward-data kernel, which on CPUs costs several times its forward pass (most for conv1,
/// one input channel). The same gradient is a transposed convolution, and a stride-2 transposed convolution splits into four
/// stride-1 convolutions, one per output pixel phase (even/odd row x even/odd column), that run as one forward convolution
/// with 4x the channels followed by a pixel shuffle (timings in docs/search-engine.md). Valid only while the weights stay as
/// they were when this was made.
/// </summary>
public sealed class MnistCnnInputGradient : IInputGradient
{
    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Linear _fc1;
    private readonly Linear _fc2;
    private readonly Tensor _phaseKernel1;
    private readonly Tensor _phaseKernel2;

    internal MnistCnnInputGradient(Conv2d conv1, Conv2d conv2, Linear fc1, Linear fc2)
    {
        _conv1 = conv1;
        _conv2 = conv2;
        _fc1 = fc1;
        _fc2 = fc2;
        _phaseKernel1 = PhaseKernel(conv1.weight!);
        _phaseKernel2 = PhaseKernel(conv2.weight!);
    }

    /// <inheritdoc/>
    public (Tensor Logits, Tensor InputGradient) Backpropagate(Tensor input, Func<Tensor, Tensor> logitGradient)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(logitGradient);
        // No dispose scope of its own: the activations, like an autograd graph's, and whatever logitGradient makes belong to
        // the caller's scope.
        using var noGrad = no_grad();
        // The same modules and order as MnistCnn.forward in eval mode (dropout is the identity), so the logits are identical.
        var h1 = functional.relu(_conv1.forward(input));
        var h2 = functional.relu(_conv2.forward(h1));
        var h3 = functional.relu(_fc1.forward(h2.flatten(1)));
        var logits = _fc2.forward(h3);

        // ReLU's backward passes the gradient where its output is positive; the outputs are >= 0, so their sign is that mask
        // (a multiply by sign is much faster on CPUs than masked_fill or where with a boolean mask).
        var g3 = logitGradient(logits).mm(_fc2.weight!).mul_(h3.sign());
        var g2 = g3.mm(_fc1.weight!).view(h2.shape).mul_(h2.sign());
        var g1 = TransposedStride2(g2, _phaseKernel2).mul_(h1.sign());
        var gx = TransposedStride2(g1, _phaseKernel1);
        return (logits, gx);
    }

    /// <summary>The input gradient of a 5x5, stride-2, padding-2 convolution given its output gradient [B, O, H, W]: [B, C, 2H, 2W].</summary>
    private static Tensor TransposedStride2(Tensor outputGradient, Tensor phaseKernel) =>
        functional.pixel_shuffle(functional.conv2d(outputGradient, phaseKernel, padding: [1, 1]), 2);

    /// <summary>
    /// The stride-1 3x3 kernel [4C, O, 3, 3] of a 5x5 stride-2 padding-2 convolution's transpose, output channel c*4 + a*2 + b
    /// holding input channel c's phase (row parity a, column parity b), as pixel_shuffle orders them. An input pixel (2i + a)
    /// receives output row p through kernel row ky = a + 2 - 2(p - i), that is tap u = p - i + 1 = (a + 4 - ky) / 2.
    /// </summary>
    private static Tensor PhaseKernel(Tensor weight)
    {
        if (weight.dim() != 4 || weight.shape[2] != 5 || weight.shape[3] != 5)
        {
            throw new ArgumentException($"Expected a 5x5 convolution weight; got [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        long outputs = weight.shape[0], inputs = weight.shape[1];
        var w = weight.detach().cpu().contiguous().data<float>().ToArray();
        var k = new float[inputs * 4 * outputs * 9];
        for (long c = 0; c < inputs; c++)
        {
            for (int a = 0; a < 2; a++)
            {
                for (int b = 0; b < 2; b++)
                {
                    for (long o = 0; o < outputs; o++)
                    {
                        for (int u = 0; u < 3; u++)
                        {
                            for (int v = 0; v < 3; v++)
                            {
                                int ky = a + 4 - (2 * u), kx = b + 4 - (2 * v);
                                if (ky <= 4 && kx <= 4)
                                {
                                    k[((((((c * 4) + (a * 2) + b) * outputs) + o) * 3) + u) * 3 + v] = w[(((((o * inputs) + c) * 5) + ky) * 5) + kx];
                                }
                            }
                        }
                    }
                }
            }
        }

        return tensor(k, [inputs * 4, outputs, 3, 3], device: weight.device).DetachFromDisposeScope();
    }
}
