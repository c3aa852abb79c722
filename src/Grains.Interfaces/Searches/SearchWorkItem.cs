namespace Orleans.Lse.Grains.Searches;

/// <summary>One search of a block: its ordinal in the (mode, d) slice, the test image, its true label and the target.</summary>
/// <param name="Ordinal">The search's place in its slice.</param>
/// <param name="Image">The test image's index.</param>
/// <param name="TrueLabel">Its true label.</param>
/// <param name="Target">The class to reach.</param>
/// <param name="SearchId">
/// The engine's id of the search (it seeds the restart directions), the same as <c>lse reproduce</c> gives it; null in
/// campaigns planned before it was stored, whose searches use their ordinal.
/// </param>
[GenerateSerializer, Alias("lse.SearchWorkItem")]
public sealed record SearchWorkItem(
    [property: Id(0)] int Ordinal,
    [property: Id(1)] int Image,
    [property: Id(2)] int TrueLabel,
    [property: Id(3)] int Target,
    [property: Id(4)] long? SearchId = null);
