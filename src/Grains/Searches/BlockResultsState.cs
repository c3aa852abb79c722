namespace Orleans.Lse.Grains.Searches;

/// <summary>What a block-results grain persists: its block's records, once. Field ids are stable.</summary>
[GenerateSerializer, Alias("lse.BlockResultsState")]
public sealed class BlockResultsState
{
    [Id(0)] public SearchRecord[]? Records { get; set; }
}
