namespace Orleans.Lse.Grains.Placement;

/// <summary>How <see cref="ComputePlacement"/> treats silos that publish CUDA devices.</summary>
public enum CudaPlacementPolicy
{
    /// <summary>Place on silos with CUDA devices when any is in the cluster, else on any silo.</summary>
    Prefer,

    /// <summary>Place only on silos with CUDA devices; activation fails when there is none.</summary>
    Require,

    /// <summary>Place on any silo, CUDA or not.</summary>
    Ignore,
}
