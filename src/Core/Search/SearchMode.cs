namespace Orleans.Lse.Core.Search;

/// <summary>
/// LSE: push a misclassified image to its true class (an explanation).
/// LAE: push a correctly classified image to another class (a latent adversarial example).
/// </summary>
public enum SearchMode
{
    Lse,
    Lae,
}
