namespace Orleans.Lse.Core.Figures;

/// <summary>
/// A pair of images on either side of a class boundary, found by bisection on a search's path: x' at
/// <see cref="OutsideEps"/> is not classified as the target, x' at <see cref="InsideEps"/> is.
/// </summary>
public sealed record EdgeCase
{
    public required long SearchId { get; init; }
    public required int ImageRow { get; init; }
    public required int TrueLabel { get; init; }
    public required int Target { get; init; }
    public required float[] OutsideEps { get; init; }
    public required float[] InsideEps { get; init; }

    /// <summary>c(x') just outside: any class but the target.</summary>
    public required int OutsidePrediction { get; init; }

    /// <summary>c(x') just inside: the target.</summary>
    public required int InsidePrediction { get; init; }
    public required float[] OutsideImage { get; init; }
    public required float[] InsideImage { get; init; }

    /// <summary>||InsideEps - OutsideEps||: at most the bisection's tolerance.</summary>
    public float Gap => MathF.Sqrt(OutsideEps.Zip(InsideEps, (a, b) => (a - b) * (a - b)).Sum());

    /// <summary>How far along the path the boundary lies, as ||InsideEps||.</summary>
    public float EpsNorm => MathF.Sqrt(InsideEps.Sum(v => v * v));
}
