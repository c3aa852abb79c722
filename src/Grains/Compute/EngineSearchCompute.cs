using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>The batched engine, one per (classifier, VAE) pair, made on first use on the executor's thread.</summary>
public sealed class EngineSearchCompute(ModelLibrary library) : ISearchCompute
{
    private readonly Dictionary<(LoadedModel, LoadedModel), LatentSearchEngine> _engines = [];

    /// <inheritdoc/>
    public IReadOnlyList<SearchResult> Run(LoadedModel classifier, LoadedModel vae, Tensor images, IReadOnlyList<SearchItem> items, SearchOptions options, CancellationToken cancellationToken) =>
        Engine(classifier, vae).Run(images, items, options, cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public int[] Predict(LoadedModel classifier, LoadedModel vae, Tensor images) => Engine(classifier, vae).Predict(images);

    private LatentSearchEngine Engine(LoadedModel classifier, LoadedModel vae)
    {
        if (!_engines.TryGetValue((classifier, vae), out var engine))
        {
            engine = new LatentSearchEngine((ImageClassifier)classifier.Module, (LatentModel)vae.Module, library.Device);
            _engines[(classifier, vae)] = engine;
        }

        return engine;
    }
}
