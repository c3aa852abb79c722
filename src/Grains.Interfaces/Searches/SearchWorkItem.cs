namespace Orleans.Lse.Grains.Searches;

/// <summary>One search of a block: its ordinal in the (mode, d) slice, the test image, its true label and the target.</summary>
[GenerateSerializer, Alias("lse.SearchWorkItem")]
public sealed record SearchWorkItem(
    [property: Id(0)] int Ordinal,
    [property: Id(1)] int Image,
    [property: Id(2)] int TrueLabel,
    [property: Id(3)] int Target);
