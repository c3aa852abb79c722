using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>Checks a campaign spec; each error names the field.</summary>
public static class CampaignSpecValidator
{
    private static readonly string[] KnownNames = [KnownDatasets.Mnist, KnownDatasets.FashionMnist];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid field of <paramref name="spec"/>.</summary>
    public static void Validate(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Dataset))
        {
            throw Bad("dataset", "must not be empty");
        }

        if (!KnownNames.Contains(spec.Dataset, StringComparer.Ordinal) && !Directory.Exists(spec.Dataset))
        {
            throw Bad("dataset", $"unknown dataset '{spec.Dataset}': use {string.Join(", ", KnownNames)} or a directory of IDX files");
        }

        if (spec.Classifier is not ("cnn" or "vae-head"))
        {
            throw Bad("classifier", $"unknown classifier '{spec.Classifier}': use cnn or vae-head");
        }

        if (spec.LatentSizes is null || spec.LatentSizes.Length == 0)
        {
            throw Bad("latentSizes", "needs at least one latent size");
        }

        for (int i = 0; i < spec.LatentSizes.Length; i++)
        {
            if (spec.LatentSizes[i] < 1)
            {
                throw Bad($"latentSizes[{i}]", $"d must be >= 1 (got {spec.LatentSizes[i]})");
            }
        }

        if (spec.LatentSizes.Distinct().Count() != spec.LatentSizes.Length)
        {
            throw Bad("latentSizes", "lists a latent size twice");
        }

        if (spec.Modes is null || spec.Modes.Length == 0 || spec.Modes.Distinct().Count() != spec.Modes.Length || spec.Modes.Any(m => !Enum.IsDefined(m)))
        {
            throw Bad("modes", "needs LSE and/or LAE, each once");
        }

        if (spec.LseImages < 0 || spec.LaeImages < 0 || spec.TestLimit < 0 || spec.TrainLimit < 0 || spec.TrainingEpochs < 0)
        {
            throw Bad("lseImages/laeImages/testLimit/trainLimit/trainingEpochs", "must be >= 0");
        }

        if (spec.BlockSize is < 1 or > 65536)
        {
            throw Bad("blockSize", $"must be in 1..65536 (got {spec.BlockSize})");
        }

        try
        {
            SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, Core.Search.SearchMode.Lse);
        }
        catch (ArgumentException e)
        {
            throw Bad("search/searchOverrides", e.Message);
        }
    }

    private static ArgumentException Bad(string field, string problem) => new($"Campaign spec field '{field}': {problem}.");
}
