using Orleans.Lse.Core.Data;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Training;

/// <summary>
/// A dataset's splits as tensors on one device, each converted on first use: loading a cached model needs none of them,
/// and converting MNIST's 60,000 training images takes over a second (hundreds of MB).
/// </summary>
public sealed class TensorSet : IDisposable
{
    private readonly Lazy<Tensor> _trainX;
    private readonly Lazy<Tensor> _trainY;
    private readonly Lazy<Tensor> _testX;
    private readonly Lazy<Tensor> _testY;

    public TensorSet(DatasetSplits data, Device device)
    {
        ArgumentNullException.ThrowIfNull(data);
        _trainX = Converted(() => TensorData.Images(data.Train, device));
        _trainY = Converted(() => TensorData.Labels(data.Train, device));
        _testX = Converted(() => TensorData.Images(data.Test, device));
        _testY = Converted(() => TensorData.Labels(data.Test, device));
    }

    public Tensor TrainX => _trainX.Value;

    public Tensor TrainY => _trainY.Value;

    public Tensor TestX => _testX.Value;

    public Tensor TestY => _testY.Value;

    public void Dispose()
    {
        foreach (var tensor in new[] { _trainX, _trainY, _testX, _testY })
        {
            if (tensor.IsValueCreated)
            {
                tensor.Value.Dispose();
            }
        }
    }

    // Detached: the first use may happen inside a caller's dispose scope, which must not take the tensor with it.
    private static Lazy<Tensor> Converted(Func<Tensor> convert) => new(() => convert().DetachFromDisposeScope());
}
