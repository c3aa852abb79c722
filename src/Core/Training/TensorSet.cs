using Orleans.Lse.Core.Data;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Training;

/// <summary>A dataset's splits as tensors on one device.</summary>
public sealed class TensorSet : IDisposable
{
    public TensorSet(DatasetSplits data, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        TrainX = TensorData.Images(data.Train, device);
        TrainY = TensorData.Labels(data.Train, device);
        TestX = TensorData.Images(data.Test, device);
        TestY = TensorData.Labels(data.Test, device);
    }

    public Tensor TrainX { get; }
    public Tensor TrainY { get; }
    public Tensor TestX { get; }
    public Tensor TestY { get; }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }
}
