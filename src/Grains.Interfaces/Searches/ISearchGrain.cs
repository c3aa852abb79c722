namespace Orleans.Lse.Grains.Searches;

/// <summary>One explanation, keyed by <see cref="SearchKey.ToString"/>. Its result is written once; later writes return the stored one.</summary>
[Alias("lse.ISearchGrain")]
public interface ISearchGrain : IGrainWithStringKey
{
    /// <summary>The stored result, or null while the search has not completed.</summary>
    [Alias("Get")]
    Task<SearchRecord?> Get();

    /// <summary>Stores <paramref name="record"/> if no result is stored yet; returns the stored result either way.</summary>
    [Alias("Record")]
    Task<SearchRecord> Record(SearchRecord record);
}
