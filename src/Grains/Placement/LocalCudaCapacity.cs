using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orleans.Lse.Grains.Placement;

/// <summary>This silo's CUDA capacity: the configured overrides, else what detection found. Resolved once, at silo start.</summary>
internal sealed partial class LocalCudaCapacity
{
    public LocalCudaCapacity(IOptions<ComputePlacementOptions> options, ILogger<LocalCudaCapacity> logger)
    {
        var settings = options.Value;
        int devices = settings.CudaDevices ?? CudaDeviceDetector.DetectDeviceCount();

        // Without a device there is no memory worth asking nvidia-smi about.
        long memory = settings.CudaMemoryBytes ?? (devices > 0 ? CudaDeviceDetector.DetectTotalMemoryBytes() : 0);
        Capacity = new CudaCapacity(devices, memory);
        LogCapacity(
            logger,
            devices,
            settings.CudaDevices is null ? "detected" : "configured",
            memory,
            settings.CudaMemoryBytes is null ? "detected" : "configured",
            settings.Policy);
    }

    public CudaCapacity Capacity { get; }
}
