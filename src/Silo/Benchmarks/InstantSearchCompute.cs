using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Compute;
using static TorchSharp.torch;

namespace Orleans.Lse.Silo.Benchmarks;

/// <summary>
/// For <c>lse-silo benchmark --instant-engine</c> only: every search "succeeds" at once with a made-up result of the real
/// shapes (eps of d values, K probabilities, images of the model's size), so a campaign measures the grains, storage and
/// bookkeeping alone. Predictions for the plan are the real classifier's.
/// </summary>
internal sealed class InstantSearchCompute(EngineSearchCompute engine) : ISearchCompute
{
    public IReadOnlyList<SearchResult> Run(LoadedModel classifier, LoadedModel vae, Tensor images, IReadOnlyList<SearchItem> items, SearchOptions options, CancellationToken cancellationToken)
    {
        var c = (ImageClassifier)classifier.Module;
        int d = ((LatentModel)vae.Module).LatentSize, classes = c.ClassCount, pixels = c.InputShape.Values;
        var results = new SearchResult[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            // Norms spread over a range so that the aggregates (means, the median's histogram) have something to do.
            float norm = 0.5f + (item.Id % 97 / 97f);
            var eps = new float[d];
            eps[0] = norm;
            var probabilities = new float[classes];
            probabilities[item.Target] = 1;
            results[i] = new SearchResult
            {
                Id = item.Id,
                Mode = item.Mode,
                TrueLabel = item.TrueLabel,
                Target = item.Target,
                InitialPrediction = item.TrueLabel,
                FinalPrediction = item.Target,
                Success = true,
                StopReason = StopReason.Success,
                Steps = 1,
                TotalSteps = 1,
                Restarts = 0,
                EpsNorm = norm,
                LatentNorm = norm,
                FirstSuccessEpsNorm = norm,
                Eps = eps,
                Probabilities = probabilities,
                Perturbed = new float[pixels],
                Delta = new float[pixels],
            };
        }

        return results;
    }

    public int[] Predict(LoadedModel classifier, LoadedModel vae, Tensor images) => engine.Predict(classifier, vae, images);
}
