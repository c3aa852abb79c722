using Orleans.Placement;

namespace Orleans.Lse.Grains.Placement;

/// <summary>Places a grain by <see cref="ComputePlacement"/>: on silos with CUDA devices when the policy says so.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ComputePlacementAttribute() : PlacementAttribute(ComputePlacement.Singleton);
