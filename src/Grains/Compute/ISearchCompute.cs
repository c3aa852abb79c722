using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// What the executor computes a batch with, on its own thread: <see cref="EngineSearchCompute"/> (the batched engine) in
/// every silo. <c>lse-silo benchmark --instant-engine</c> puts one that answers at once in its place, to measure what the
/// grains and storage cost without the arithmetic.
/// </summary>
public interface ISearchCompute
{
    /// <summary>Runs <paramref name="items"/> over <paramref name="images"/> with the loaded models; results in the order of the items.</summary>
    IReadOnlyList<SearchResult> Run(LoadedModel classifier, LoadedModel vae, Tensor images, IReadOnlyList<SearchItem> items, SearchOptions options, CancellationToken cancellationToken);

    /// <summary>c(x) for <paramref name="images"/>.</summary>
    int[] Predict(LoadedModel classifier, LoadedModel vae, Tensor images);
}
