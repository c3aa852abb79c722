using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Compute;

/// <summary>The executor's answer: results in the order of the request's items, the models and the test images they came from.</summary>
public sealed record SearchResponse(
    IReadOnlyList<SearchResult> Results,
    LoadedModel Classifier,
    LoadedModel Vae,
    TestData Test,
    string Device,
    int BatchSize);
