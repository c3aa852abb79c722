using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// Searches for the executor. Requests with <see cref="Mergeable"/> set may share an engine batch with other mergeable
/// requests over the same models, data and options; others run as a batch of exactly their own searches, so their results
/// do not depend on what else was queued (campaign blocks, which must give the same results when rerun after a crash).
/// </summary>
public sealed record SearchRequest(
    ModelSpec Classifier,
    ModelSpec Vae,
    int TestLimit,
    SearchOptions Options,
    IReadOnlyList<SearchItem> Items,
    bool Mergeable)
{
    /// <summary>Requests with equal keys can share a batch.</summary>
    internal string MergeKey => $"{Classifier.Key}|{Vae.Key}|{Classifier.Dataset}|{TestLimit}|{Options}";
}
