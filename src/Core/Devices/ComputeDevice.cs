using TorchSharp;

namespace Orleans.Lse.Core.Devices;

/// <summary>Resolves a <see cref="DeviceKind"/> to a TorchSharp device, once per process.</summary>
public static class ComputeDevice
{
    private static readonly Lock s_gate = new();
    private static bool s_cudaProbed;
    private static bool s_cudaAvailable;

    /// <summary>Parses "cpu", "cuda" or "auto" (case-insensitive).</summary>
    public static DeviceKind Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "cpu" => DeviceKind.Cpu,
        "cuda" or "gpu" => DeviceKind.Cuda,
        "auto" => DeviceKind.Auto,
        _ => throw new ArgumentException($"Unknown device '{value}': use cpu, cuda or auto.", nameof(value)),
    };

    /// <summary>True when a CUDA-enabled libtorch is loaded and sees at least one device.</summary>
    public static bool CudaAvailable
    {
        get
        {
            lock (s_gate)
            {
                if (!s_cudaProbed)
                {
                    s_cudaProbed = true;
                    try
                    {
                        torch.InitializeDeviceType(DeviceType.CUDA);
                        s_cudaAvailable = torch.cuda.is_available();
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or DllNotFoundException or TypeInitializationException or ArgumentException)
                    {
                        // The CPU bundle has no CUDA backend: that is a normal "no".
                        s_cudaAvailable = false;
                    }
                }

                return s_cudaAvailable;
            }
        }
    }

    /// <summary>Number of visible CUDA devices (0 without a CUDA libtorch).</summary>
    public static int CudaDeviceCount => CudaAvailable ? torch.cuda.device_count() : 0;

    /// <summary>Resolves the kind to a device; <paramref name="log"/> hears why auto fell back to the CPU.</summary>
    public static torch.Device Resolve(DeviceKind kind, Action<string>? log = null)
    {
        TorchRuntime.EnsureInitialized();
        switch (kind)
        {
            case DeviceKind.Cpu:
                return torch.CPU;
            case DeviceKind.Cuda:
                if (!CudaAvailable)
                {
                    throw new InvalidOperationException(
                        "Device 'cuda' was requested but no CUDA device is usable: build with -p:LseTorchBundle=cuda, " +
                        "or put a CUDA libtorch (for example a PyTorch install's torch/lib) on LD_LIBRARY_PATH.");
                }

                return torch.CUDA;
            default:
                if (CudaAvailable)
                {
                    log?.Invoke($"device auto: using CUDA ({CudaDeviceCount} device(s)).");
                    return torch.CUDA;
                }

                log?.Invoke("device auto: no CUDA device is usable, falling back to the CPU.");
                return torch.CPU;
        }
    }

    /// <summary>Makes CPU runs reproducible and uses every core for intra-op parallelism.</summary>
    public static void ConfigureThreads(int? threads = null)
    {
        TorchRuntime.EnsureInitialized();
        int n = threads ?? Environment.ProcessorCount;
        if (torch.get_num_threads() != n)
        {
            torch.set_num_threads(n);
        }
    }
}
