using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>max(0, x) + slope * min(0, x), with the slope's Scalar held for the module's life.</summary>
internal sealed class HeldLeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public HeldLeakyReLU(double slope) : base("LeakyReLU") => _slope = slope.ToScalar();

    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _slope.Dispose();
        }

        base.Dispose(disposing);
    }
}
