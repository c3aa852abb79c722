namespace Orleans.Lse.Grains.Models;

/// <summary>A model grain's state as callers see it.</summary>
[GenerateSerializer, Alias("lse.ModelStatus")]
public sealed record ModelStatus
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required ModelPhase Phase { get; init; }
    [Id(2)] public ModelSpec? Spec { get; init; }

    /// <summary>Training progress in [0, 1].</summary>
    [Id(3)] public double Progress { get; init; }

    /// <summary>Test metrics of the trained model (accuracy, ELBO, ...).</summary>
    [Id(4)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Checkpoint base path (without extension) on the silo that trained it.</summary>
    [Id(5)] public string? CheckpointPath { get; init; }

    /// <summary>SHA-256 of the checkpoint's weights file.</summary>
    [Id(6)] public string? WeightsSha256 { get; init; }

    [Id(7)] public string? Error { get; init; }
}
