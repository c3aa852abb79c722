namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// The stored results of one block of a campaign, keyed by the block's key (<see cref="BatchWork.GrainKey"/>): the
/// block's search records, written once in one storage operation. Search grains answer from here.
/// </summary>
[Alias("lse.IBlockResultsGrain")]
public interface IBlockResultsGrain : IGrainWithStringKey
{
    /// <summary>The block's records in the block's order, or null while it has none.</summary>
    [Alias("Get")]
    Task<SearchRecord[]?> Get();

    /// <summary>Stores <paramref name="records"/> if the block has none yet; returns the stored records either way.</summary>
    [Alias("Store")]
    Task<SearchRecord[]> Store(SearchRecord[] records);
}
