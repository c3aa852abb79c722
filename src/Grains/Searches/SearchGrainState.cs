namespace Orleans.Lse.Grains.Searches;

/// <summary>What a search grain persists: its result, once.</summary>
[GenerateSerializer, Alias("lse.SearchGrainState")]
public sealed class SearchGrainState
{
    [Id(0)] public SearchRecord? Record { get; set; }
}
