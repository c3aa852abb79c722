using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Compute;

/// <summary>The executor's answer: results in the order of the request's items, and the models they came from.</summary>
public sealed record SearchResponse(
    IReadOnlyList<SearchResult> Results,
    CheckpointMetadata Classifier,
    CheckpointMetadata Vae,
    string Device,
    int BatchSize);
