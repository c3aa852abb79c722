namespace Orleans.Lse.Core.Search;

/// <summary>Where a run's wall time goes, as <see cref="SearchPhaseTimes"/> attributes it.</summary>
public enum SearchPhase
{
    /// <summary>Gathering the rows, encoding them, their initial predictions and g(z).</summary>
    Setup,

    /// <summary>Forward and backward passes of the first phase: x', logits, CE, hit, the gradient to eps.</summary>
    Evaluate,

    /// <summary>The optimiser's update, step clipping and the projection into the data region.</summary>
    Update,

    /// <summary>Copying what the step's decisions need to the host (waits for the device there).</summary>
    Sync,

    /// <summary>The per-row decisions on the host: success, budget, stopping rules, restarts and their probes.</summary>
    Decide,

    /// <summary>Copying finished rows' results out of the tensors.</summary>
    Record,

    /// <summary>Removing finished rows from the tensors and recomputing g(z) for the new shape.</summary>
    Compact,

    /// <summary>Releasing the step's tensors.</summary>
    Release,

    /// <summary>The refinement of successful searches, all of it.</summary>
    Refine,
}
