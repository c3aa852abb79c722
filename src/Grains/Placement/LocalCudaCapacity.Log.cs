using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Grains.Placement;

internal sealed partial class LocalCudaCapacity
{
    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Compute placement: {Devices} CUDA device(s) ({DevicesSource}), {MemoryBytes} bytes of device memory ({MemorySource}); policy {Policy}.")]
    private static partial void LogCapacity(ILogger logger, int devices, string devicesSource, long memoryBytes, string memorySource, CudaPlacementPolicy policy);
}
