namespace Orleans.Lse.Core.Faces;

/// <summary>One row of <see cref="TraitTable"/>: a trait's searches of one mode ("LSE" or "LAE") and latent size; NaN norms where none succeeded.</summary>
public sealed record TraitTableRow(string Trait, string ModeName, int LatentSize, int Searches, int Successes, double SuccessRate, double MeanEpsNorm, double MedianEpsNorm)
{
    public bool IsLse => ModeName == "LSE";
}
