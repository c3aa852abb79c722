using Orleans.Lse.Core.Data;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Training;

/// <summary>Turns byte image sets into tensors: images [N, 1, H, W] in [0, 1], labels int64 [N].</summary>
public static class TensorData
{
    public static Tensor Images(ImageSet set, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        return tensor(set.FloatPixels(), device: device ?? CPU).reshape(set.Count, 1, set.Height, set.Width);
    }

    public static Tensor Labels(ImageSet set, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        return tensor(set.Labels.Select(b => (long)b).ToArray(), device: device ?? CPU);
    }
}
