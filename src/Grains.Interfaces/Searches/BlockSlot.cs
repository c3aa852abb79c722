namespace Orleans.Lse.Grains.Searches;

/// <summary>Where a campaign's search is stored: its block (<see cref="IBlockResultsGrain"/>'s key) and its place in it.</summary>
[GenerateSerializer, Alias("lse.BlockSlot")]
public sealed record BlockSlot([property: Id(0)] string BlockKey, [property: Id(1)] int Index);
