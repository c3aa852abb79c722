using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// An upper estimate of what one engine run holds in memory, from its options alone: what a service checks before it
/// accepts work, so that a spec cannot make a silo allocate what it does not have.
/// </summary>
public static class SearchMemory
{
    /// <summary>
    /// Bytes for <paramref name="rows"/> searches at once: per row the images and latent state the engine keeps (x, the
    /// residual, x', the result's arrays; z, eps and the optimiser's moments) and the recorded trajectory; per tile the
    /// activations and gradients of one forward and backward pass (restart probes and line searches run in tiles too).
    /// </summary>
    public static long BlockBytes(ImageShape shape, int latentSize, int rows, SearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long pixels = shape.Values, d = latentSize;
        long trajectory = options.TrajectoryEvery > 0 ? ((options.MaxSteps / options.TrajectoryEvery) + 1) * d : 0;
        long perRow = (8 * pixels) + (8 * d) + trajectory;
        long perTileRow = 32 * (pixels + d);
        return sizeof(float) * ((rows * perRow) + (Math.Min(rows, options.TileRows) * perTileRow));
    }
}
