namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// Where <see cref="ComputePlacement"/> grains go and what this silo tells the cluster about its CUDA devices.
/// Configuration section <see cref="Section"/> (environment variables <c>Lse__Placement__Policy</c> and so on).
/// </summary>
/// <remarks>
/// The policy is applied by the silo that places an activation, so give every silo the same one.
/// </remarks>
public sealed class ComputePlacementOptions
{
    public const string Section = "Lse:Placement";

    /// <summary>Prefer (default), Require or Ignore silos with CUDA devices.</summary>
    public CudaPlacementPolicy Policy { get; set; } = CudaPlacementPolicy.Prefer;

    /// <summary>CUDA devices this silo publishes instead of the detected count (default: detected by TorchSharp).</summary>
    public int? CudaDevices { get; set; }

    /// <summary>Total CUDA device memory in bytes this silo publishes instead of the detected amount (default: nvidia-smi, else 0).</summary>
    public long? CudaMemoryBytes { get; set; }

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Policy))
        {
            throw new InvalidOperationException($"{Section}:Policy must be Prefer, Require or Ignore (got {(int)Policy}).");
        }

        if (CudaDevices < 0)
        {
            throw new InvalidOperationException($"{Section}:CudaDevices must be >= 0 when set (got {CudaDevices}).");
        }

        if (CudaMemoryBytes < 0)
        {
            throw new InvalidOperationException($"{Section}:CudaMemoryBytes must be >= 0 when set (got {CudaMemoryBytes}).");
        }
    }
}
