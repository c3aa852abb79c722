using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Grains.Searches;

/// <summary>A block's state; <see cref="Results"/> is filled once it is done (each search already stored in its grain).</summary>
[GenerateSerializer, Alias("lse.BatchStatus")]
public sealed record BatchStatus
{
    [Id(0)] public required BatchPhase Phase { get; init; }
    [Id(1)] public FinishedSearch[] Results { get; init; } = [];
    [Id(2)] public string? Error { get; init; }

    /// <summary>Silo and device that ran (or runs) the block.</summary>
    [Id(3)] public string? RanOn { get; init; }

    /// <summary>Gradient steps the block spent (all searches, restarts and refinement included).</summary>
    [Id(4)] public long GradientSteps { get; init; }

    /// <summary>A failure worth retrying (storage, I/O, a timeout); false: the same block would fail the same way.</summary>
    [Id(5)] public bool Transient { get; init; }
}
