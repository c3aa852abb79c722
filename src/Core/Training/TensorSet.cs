using Orleans.Lse.Core.Data;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Training;

/// <summary>
/// A dataset's splits as tensors on one device. The training split is converted on first use: a run with cached models
/// never needs it, and converting MNIST's 60,000 training images takes over a second.
/// </summary>
public sealed class TensorSet : IDisposable
{
    private readonly Lazy<Tensor> _trainX;
    private readonly Lazy<Tensor> _trainY;

    public TensorSet(DatasetSplits data, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Detached: the first use may happen inside a caller's dispose scope, which must not take the tensors with it.
        _trainX = new Lazy<Tensor>(() => TensorData.Images(data.Train, device).DetachFromDisposeScope());
        _trainY = new Lazy<Tensor>(() => TensorData.Labels(data.Train, device).DetachFromDisposeScope());
        TestX = TensorData.Images(data.Test, device);
        TestY = TensorData.Labels(data.Test, device);
    }

    public Tensor TrainX => _trainX.Value;

    public Tensor TrainY => _trainY.Value;

    public Tensor TestX { get; }

    public Tensor TestY { get; }

    public void Dispose()
    {
        if (_trainX.IsValueCreated)
        {
            _trainX.Value.Dispose();
        }

        if (_trainY.IsValueCreated)
        {
            _trainY.Value.Dispose();
        }

        TestX.Dispose();
        TestY.Dispose();
    }
}
