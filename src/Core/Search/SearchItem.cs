namespace Orleans.Lse.Core.Search;

/// <summary>One search: the image row it explains, its true label and the class to reach.</summary>
/// <param name="Id">Caller's identifier, echoed in the result.</param>
/// <param name="ImageRow">Row of the image tensor handed to the engine.</param>
/// <param name="TrueLabel">The image's true label y.</param>
/// <param name="Target">The class to reach: y for LSE, t != y for LAE.</param>
/// <param name="Mode">LSE or LAE.</param>
public sealed record SearchItem(long Id, int ImageRow, int TrueLabel, int Target, SearchMode Mode)
{
    /// <summary>An LSE search: reach the true label.</summary>
    public static SearchItem Lse(long id, int imageRow, int trueLabel) => new(id, imageRow, trueLabel, trueLabel, SearchMode.Lse);

    /// <summary>An LAE search: reach <paramref name="target"/>, which must differ from the true label.</summary>
    public static SearchItem Lae(long id, int imageRow, int trueLabel, int target) => new(id, imageRow, trueLabel, target, SearchMode.Lae);
}
