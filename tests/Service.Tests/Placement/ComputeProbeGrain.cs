using Orleans.Lse.Grains.Placement;

namespace Orleans.Lse.Service.Tests.Placement;

[ComputePlacement]
public sealed class ComputeProbeGrain(ILocalSiloDetails localSilo) : Grain, IComputeProbeGrain
{
    public Task<SiloAddress> GetSiloAddress() => Task.FromResult(localSilo.SiloAddress);
}
