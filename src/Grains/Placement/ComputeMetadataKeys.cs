namespace Orleans.Lse.Grains.Placement;

/// <summary>Silo metadata keys that describe a silo's compute; values are invariant-culture integers.</summary>
public static class ComputeMetadataKeys
{
    /// <summary>Number of CUDA devices the silo can use (0 for a CPU-only silo).</summary>
    public const string CudaDevices = "lse.cuda.devices";

    /// <summary>Total memory of those devices, in bytes (0 when unknown).</summary>
    public const string CudaMemory = "lse.cuda.memory";
}
