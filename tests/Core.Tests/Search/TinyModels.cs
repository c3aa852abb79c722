using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

/// <summary>Seeded, untrained models and images: enough structure for the engine's contracts, no data needed.</summary>
internal static class TinyModels
{
    public static (MnistCnn Classifier, Vae Vae) Create(int latentSize, int seed = 7)
    {
        TorchRuntime.EnsureInitialized();
        manual_seed(seed);
        var classifier = new MnistCnn();
        var vae = new Vae(latentSize);
        using (no_grad())
        {
            // Untrained layers give nearly constant logits; sharper ones give decisions that move with eps.
            foreach (var (name, p) in classifier.named_parameters().Concat(vae.named_parameters()))
            {
                if (name.StartsWith("fc", StringComparison.Ordinal) || name.StartsWith("dec", StringComparison.Ordinal))
                {
                    p.mul_(4);
                }
            }
        }

        classifier.eval();
        vae.eval();
        return (classifier, vae);
    }

    /// <summary>n images in [0, 1]: blurred noise blobs, deterministic for the seed.</summary>
    public static Tensor Images(int n, int seed = 11)
    {
        var generator = new Generator((ulong)seed);
        using var noise = rand([n, 1, 28, 28], generator: generator);
        return nn.functional.avg_pool2d(noise, 3, stride: 1, padding: 1).clamp(0, 1);
    }

    /// <summary>Skips a CUDA test, with the reason, where no CUDA libtorch and device are present (CI has none).</summary>
    public static torch.Device Cuda()
    {
        TorchRuntime.EnsureInitialized();
        Skip.IfNot(ComputeDevice.CudaAvailable, "No CUDA device or CUDA libtorch on this machine (see README, Devices).");
        return ComputeDevice.Resolve(DeviceKind.Cuda);
    }

    public static torch.Device Cpu() => ComputeDevice.Resolve(DeviceKind.Cpu);
}
