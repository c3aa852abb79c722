namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// Placement for compute work (search blocks, training): silos that publish CUDA devices in their metadata are
/// preferred, required or ignored according to the cluster's placement policy, and spread by free capacity.
/// </summary>
[GenerateSerializer, Immutable, Alias("lse.ComputePlacement")]
public sealed class ComputePlacement : PlacementStrategy
{
    public static ComputePlacement Singleton { get; } = new();
}
