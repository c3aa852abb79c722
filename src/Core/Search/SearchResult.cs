namespace Orleans.Lse.Core.Search;

/// <summary>The outcome of one search. Arrays are flattened row-major (images C x H x W, as the engine's ImageShape).</summary>
public sealed record SearchResult
{
    public required long Id { get; init; }
    public required SearchMode Mode { get; init; }
    public required int TrueLabel { get; init; }
    public required int Target { get; init; }

    /// <summary>argmax c(x) before any perturbation.</summary>
    public required int InitialPrediction { get; init; }

    /// <summary>argmax c(x') for the reported eps.</summary>
    public required int FinalPrediction { get; init; }
    public required bool Success { get; init; }
    public required StopReason StopReason { get; init; }

    /// <summary>Gradient steps taken before the first success (or before stopping).</summary>
    public required int Steps { get; init; }

    /// <summary>All gradient steps spent, restarts and refinement included.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Restarts used before the first success (0 = found from eps = 0).</summary>
    public required int Restarts { get; init; }

    /// <summary>||eps||_2 of the reported eps (after refinement, if any).</summary>
    public required float EpsNorm { get; init; }

    /// <summary>||z + eps||_2: how far from the origin of the latent space (the prior's mode) the reported point lies.</summary>
    public required float LatentNorm { get; init; }

    /// <summary>||eps||_2 at the first success, before refinement.</summary>
    public required float FirstSuccessEpsNorm { get; init; }
    public required float[] Eps { get; init; }

    /// <summary>softmax c(x') for the reported eps.</summary>
    public required float[] Probabilities { get; init; }

    /// <summary>x' = g(z + eps) + x - g(z).</summary>
    public required float[] Perturbed { get; init; }

    /// <summary>x' - x, the explanation.</summary>
    public required float[] Delta { get; init; }

    /// <summary>eps every k steps of the first phase (k = SearchOptions.TrajectoryEvery), flattened [points, d]; empty when off.</summary>
    public float[] Trajectory { get; init; } = [];
}
