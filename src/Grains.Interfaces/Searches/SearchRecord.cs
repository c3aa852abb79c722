using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Grains.Searches;

/// <summary>One explanation as stored by its search grain: written once, when the search completes.</summary>
[GenerateSerializer, Alias("lse.SearchRecord")]
public sealed record SearchRecord
{
    [Id(0)] public required SearchKey Key { get; init; }
    [Id(1)] public required int Ordinal { get; init; }
    [Id(2)] public required int TrueLabel { get; init; }
    [Id(3)] public required bool Success { get; init; }
    [Id(4)] public required int Steps { get; init; }
    [Id(5)] public required int TotalSteps { get; init; }
    [Id(6)] public required int Restarts { get; init; }
    [Id(7)] public required float EpsNorm { get; init; }
    [Id(8)] public required float LatentNorm { get; init; }
    [Id(9)] public required int InitialPrediction { get; init; }
    [Id(10)] public required int FinalPrediction { get; init; }
    [Id(11)] public required string StopReason { get; init; }

    /// <summary>softmax c(x') for the reported eps.</summary>
    [Id(12)] public required float[] Probabilities { get; init; }

    /// <summary>PNG of x' (null when the campaign writes no images).</summary>
    [Id(13)] public string? PerturbedImagePath { get; init; }

    /// <summary>PNG of x' - x, min-max normalised.</summary>
    [Id(14)] public string? DeltaImagePath { get; init; }
    [Id(15)] public required DateTimeOffset CompletedUtc { get; init; }

    /// <summary>The reported eps (d values), from which reports rebuild x'; null in records stored before it was kept.</summary>
    [Id(16)] public float[]? Eps { get; init; }

    public FinishedSearch ToSummary() => new(Key.Mode, Key.LatentSize, Ordinal, Key.Image, TrueLabel, Key.Target, Success, Steps, EpsNorm, Restarts, Key.Trait);
}
