namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// One explanation, keyed by <see cref="SearchKey.ToString"/>. Its result is written once; later writes return the stored
/// one. Campaigns run searches in blocks and record them here; a search can also run on its own (<see cref="Start"/>):
/// it goes to its silo's batching executor, which merges it with other such searches.
/// </summary>
[Alias("lse.ISearchGrain")]
public interface ISearchGrain : IGrainWithStringKey
{
    /// <summary>The stored result, or null while the search has not completed; a search started here that failed throws its error.</summary>
    [Alias("Get")]
    Task<SearchRecord?> Get();

    /// <summary>The result stored in this grain itself (searches run on their own, and campaigns that store per search); no lookup of the campaign's blocks.</summary>
    [Alias("GetStored")]
    Task<SearchRecord?> GetStored();

    /// <summary>Runs this search on its own unless it is stored or running; returns at once. Poll <see cref="Get"/>.</summary>
    [Alias("Start")]
    Task Start(SearchStart start);

    /// <summary>Stores <paramref name="record"/> if no result is stored yet; returns the stored result either way.</summary>
    [Alias("Record")]
    Task<SearchRecord> Record(SearchRecord record);
}
