using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// Layers of the face models that pass no number to libtorch through an unheld Scalar on each forward pass (see
/// <see cref="Devices.KeptScalars"/>): TorchSharp's batch norm adds 1 to its batch counter and its leaky ReLU passes its
/// slope that way. The batch norms keep momentum 0.1, so the counter is not needed and is left out of their state.
/// </summary>
public static class FaceLayers
{
    /// <summary>Batch norm over [N, C, H, W] without the batch counter.</summary>
    public static BatchNorm2d BatchNorm2d(long features) => WithoutBatchCounter(nn.BatchNorm2d(features));

    /// <summary>Batch norm over [N, C] without the batch counter.</summary>
    public static BatchNorm1d BatchNorm1d(long features) => WithoutBatchCounter(nn.BatchNorm1d(features));

    /// <summary>A leaky ReLU whose slope is held for the module's life.</summary>
    public static nn.Module<Tensor, Tensor> LeakyReLU(double slope) => new HeldLeakyReLU(slope);

    private static T WithoutBatchCounter<T>(T norm)
        where T : BatchNorm
    {
        norm.num_batches_tracked = null;
        return norm;
    }
}
