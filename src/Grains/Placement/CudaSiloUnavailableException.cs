namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// A <see cref="ComputePlacement"/> grain could not be placed: the policy is <see cref="CudaPlacementPolicy.Require"/>
/// and no compatible silo publishes CUDA devices.
/// </summary>
[GenerateSerializer, Alias("lse.CudaSiloUnavailableException")]
public sealed class CudaSiloUnavailableException : OrleansException
{
    public CudaSiloUnavailableException()
    {
    }

    public CudaSiloUnavailableException(string message)
        : base(message)
    {
    }

    public CudaSiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
