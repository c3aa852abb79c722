using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign's plan: the core's image selection (<see cref="ImageSelection"/>, as <c>lse reproduce</c>) per latent size
/// and mode, with each slice's search options resolved once (<see cref="SearchPresets"/>) and stored with it.
/// </summary>
public static class CampaignPlanner
{
    /// <param name="spec">The campaign.</param>
    /// <param name="training">The campaign's resolved training options.</param>
    /// <param name="checksums">Model key to the weights' SHA-256, as the model grains trained them.</param>
    /// <param name="predict">The classifier's test predictions for (classifier, VAE, test limit), computed where the compute placement puts them.</param>
    /// <param name="compact">
    /// Store the chosen images rather than every search (campaigns that store per block); campaigns that store per search
    /// keep a result slot per planned search in the slice.
    /// </param>
    public static async Task<List<SliceState>> Plan(CampaignSpec spec, CampaignTraining training, IReadOnlyDictionary<string, string> checksums, Func<ModelSpec, ModelSpec, int, Task<TestPredictions>> predict, bool compact)
    {
        var slices = new List<SliceState>();
        foreach (int d in spec.LatentSizes)
        {
            foreach (string? trait in CampaignModels.Traits(spec))
            {
                var classifier = CampaignModels.Classifier(spec, training, d, trait);
                var vae = CampaignModels.Vae(spec, training, d);
                var test = await predict(classifier, vae, spec.TestLimit);
                if (test.ClassifierSha256 != checksums[classifier.Key] || test.VaeSha256 != checksums[vae.Key])
                {
                    throw new InvalidOperationException($"The models for d={d}{(trait is null ? "" : $", trait {trait}")} on this silo differ from the ones the model grains trained (checksums); share or clear the model directory.");
                }

                // The selection and its compaction are O(searches) of CPU: off the grain's turn, so that the campaign keeps
                // answering status calls while a large plan is made.
                slices.AddRange(await Task.Run(() => Slices(spec, d, trait, test, compact)));
            }
        }

        return slices;
    }

    private static List<SliceState> Slices(CampaignSpec spec, int d, string? trait, TestPredictions test, bool compact)
    {
        var slices = new List<SliceState>();
        foreach (var mode in spec.Modes)
        {
            var searches = mode == CampaignMode.Lse
                ? ImageSelection.Lse(test.Predictions, test.Labels, spec.LseImages)
                : ImageSelection.Lae(test.Predictions, test.Labels, spec.LaeImages, test.Classes);
            var options = SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, mode.ToSearchMode(), searches.Count);
            var slice = new SliceState { Mode = mode, LatentSize = d, SearchOptions = StoredOptions.Serialize(options), Classes = test.Classes, DataSha256 = test.DataSha256, Trait = trait };
            if (compact)
            {
                (slice.Images, slice.Labels) = PlannedSearches.Compress(mode, test.Classes, searches);
            }
            else
            {
                slice.Items = [.. searches.Select((s, ordinal) => new SearchWorkItem(ordinal, s.ImageRow, s.TrueLabel, s.Target, s.Id))];
                slice.Results = new FinishedSearch?[searches.Count];
            }

            slices.Add(slice);
        }

        return slices;
    }

    /// <summary>The options a block runs with: its slice's stored ones, or (planned before they were stored) the spec's preset resolved as then.</summary>
    public static SearchOptions Options(BatchWork work) => work.SearchOptions is { } json
        ? StoredOptions.Search(json)
        : SearchPresets.Resolve(work.Search, work.SearchOverrides, work.Seed, work.Mode.ToSearchMode());
}
