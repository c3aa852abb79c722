using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// Places <see cref="ComputePlacement"/> grains. Candidates are the compatible (active) silos, narrowed by the policy:
/// Prefer keeps the silos that publish CUDA devices when there are any, Require keeps only those (and fails when there
/// are none), Ignore keeps all. One candidate is then drawn at random with weight capacity / (1 + load), where capacity
/// is the silo's CUDA device count (1 for a CPU silo, and for every silo under Ignore) and load its activation count
/// from the deployment load statistics. A dead silo leaves the compatible set, so its share moves to the others.
/// </summary>
internal sealed class ComputePlacementDirector(
    ILocalSiloDetails localSilo,
    ISiloMetadataCache siloMetadata,
    LocalCudaCapacity localCapacity,
    SiloLoadTracker loads,
    IOptions<ComputePlacementOptions> options) : IPlacementDirector
{
    private readonly CudaPlacementPolicy _policy = options.Value.Policy;

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 0)
        {
            throw new SiloUnavailableException($"No active silo is compatible with grain type '{target.GrainIdentity.Type}'.");
        }

        var silos = new Candidate[compatible.Length];
        for (var i = 0; i < compatible.Length; i++)
        {
            silos[i] = new Candidate(compatible[i], GetCudaDevices(compatible[i]));
        }

        var candidates = SelectCandidates(_policy, silos, target.GrainIdentity.Type);
        var candidateSilos = Array.ConvertAll(candidates, static c => c.Silo);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, candidateSilos) is { } hint)
        {
            return Task.FromResult(hint);
        }

        var weights = new double[candidates.Length];
        for (var i = 0; i < candidates.Length; i++)
        {
            weights[i] = GetWeight(_policy, candidates[i].CudaDevices, loads.GetLoad(candidates[i].Silo));
        }

        var chosen = candidateSilos[ChooseWeighted(weights, Random.Shared.NextDouble())];
        loads.RecordPlacement(chosen);
        return Task.FromResult(chosen);
    }

    /// <summary>The silos the policy allows; throws <see cref="CudaSiloUnavailableException"/> under Require when none has CUDA.</summary>
    internal static Candidate[] SelectCandidates(CudaPlacementPolicy policy, Candidate[] silos, GrainType grainType)
    {
        if (policy == CudaPlacementPolicy.Ignore)
        {
            return silos;
        }

        var cuda = Array.FindAll(silos, static s => s.CudaDevices > 0);
        if (cuda.Length > 0)
        {
            return cuda;
        }

        if (policy == CudaPlacementPolicy.Require)
        {
            throw new CudaSiloUnavailableException(
                $"Cannot place grain type '{grainType}': {ComputePlacementOptions.Section}:Policy is {CudaPlacementPolicy.Require} " +
                $"and none of the {silos.Length} compatible silo(s) publishes CUDA devices ('{ComputeMetadataKeys.CudaDevices}' > 0). " +
                $"Start a silo with a CUDA device, or set {ComputePlacementOptions.Section}:Policy to {CudaPlacementPolicy.Prefer}.");
        }

        return silos;
    }

    /// <summary>Free capacity: device count (at least 1; always 1 under Ignore) divided by 1 + load.</summary>
    internal static double GetWeight(CudaPlacementPolicy policy, int cudaDevices, int load)
    {
        var capacity = policy == CudaPlacementPolicy.Ignore ? 1 : Math.Max(1, cudaDevices);
        return capacity / (1.0 + Math.Max(0, load));
    }

    /// <summary>Index whose cumulative weight first exceeds <paramref name="draw"/> (in [0, 1)) times the total.</summary>
    internal static int ChooseWeighted(ReadOnlySpan<double> weights, double draw)
    {
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var threshold = draw * total;
        var cumulative = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (threshold < cumulative)
            {
                return i;
            }
        }

        // Rounding can leave the threshold at the total: the last candidate takes it.
        return weights.Length - 1;
    }

    private int GetCudaDevices(SiloAddress silo) => silo.Equals(localSilo.SiloAddress)
        ? localCapacity.Capacity.Devices
        : CudaCapacity.FromMetadata(siloMetadata.GetSiloMetadata(silo)).Devices;

    /// <summary>A compatible silo and the CUDA devices it publishes.</summary>
    internal readonly record struct Candidate(SiloAddress Silo, int CudaDevices);
}
