namespace Orleans.Lse.Service.Tests.Placement;

/// <summary>A compute-placed test grain that says where it was activated.</summary>
public interface IComputeProbeGrain : IGrainWithIntegerKey
{
    Task<SiloAddress> GetSiloAddress();
}
