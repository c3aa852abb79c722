using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Searches;

/// <summary>Turns an engine result into the record its search grain stores, writing its PNGs on the way.</summary>
public static class SearchRecords
{
    public static SearchRecord From(SearchKey key, int ordinal, int trueLabel, SearchResult result, string? imageDirectory, DateTimeOffset now, Core.Models.ImageShape? shape = null)
    {
        (string? perturbed, string? delta) = (null, null);
        if (imageDirectory is not null)
        {
            (perturbed, delta) = SearchImageWriter.Write(imageDirectory, $"{key.Image}-{key.Target}", result.Perturbed, result.Delta, shape);
        }

        return new SearchRecord
        {
            Key = key,
            Ordinal = ordinal,
            TrueLabel = trueLabel,
            Success = result.Success,
            Steps = result.Steps,
            TotalSteps = result.TotalSteps,
            Restarts = result.Restarts,
            EpsNorm = result.EpsNorm,
            LatentNorm = result.LatentNorm,
            InitialPrediction = result.InitialPrediction,
            FinalPrediction = result.FinalPrediction,
            StopReason = result.StopReason.ToString(),
            Probabilities = result.Probabilities,
            PerturbedImagePath = perturbed,
            DeltaImagePath = delta,
            CompletedUtc = now,
            Eps = result.Eps,
        };
    }
}
