using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Faces;

/// <summary>One trait's LSE searches: the classifier's test accuracy, its misclassified count, the searches run and the paper's rate where known.</summary>
public sealed record TraitResult(string Trait, double Accuracy, int Misclassified, IReadOnlyList<SearchResult> Searches, double MeanEpsNorm, double? PaperRate)
{
    public int Successes => Searches.Count(r => r.Success);

    public double SuccessRate => Searches.Count == 0 ? double.NaN : Successes / (double)Searches.Count;
}
