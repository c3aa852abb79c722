using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The paper's image selection per latent size: LSE on the misclassified test images (the first N, or all), LAE on the
/// first N correctly classified ones, each towards the 9 other classes.
/// </summary>
public static class CampaignPlanner
{
    public static async Task<List<SliceState>> Plan(CampaignSpec spec, IReadOnlyDictionary<string, string> checksums, SearchExecutor executor)
    {
        var slices = new List<SliceState>();
        foreach (int d in spec.LatentSizes)
        {
            var classifier = CampaignModels.Classifier(spec, d);
            var vae = CampaignModels.Vae(spec, d);
            var test = await executor.Predict(classifier, vae, spec.TestLimit);
            if (test.ClassifierSha256 != checksums[classifier.Key] || test.VaeSha256 != checksums[vae.Key])
            {
                throw new InvalidOperationException($"The models for d={d} on this silo differ from the ones the model grains trained (checksums); share or clear the model directory.");
            }

            var (predicted, labels) = (test.Predictions, test.Labels);
            foreach (var mode in spec.Modes)
            {
                var items = new List<SearchWorkItem>();
                if (mode == CampaignMode.Lse)
                {
                    var wrong = Enumerable.Range(0, predicted.Length).Where(i => predicted[i] != labels[i]);
                    foreach (int i in spec.LseImages > 0 ? wrong.Take(spec.LseImages) : wrong)
                    {
                        items.Add(new SearchWorkItem(items.Count, i, labels[i], labels[i]));
                    }
                }
                else
                {
                    foreach (int i in Enumerable.Range(0, predicted.Length).Where(i => predicted[i] == labels[i]).Take(spec.LaeImages))
                    {
                        for (int t = 0; t < 10; t++)
                        {
                            if (t != labels[i])
                            {
                                items.Add(new SearchWorkItem(items.Count, i, labels[i], t));
                            }
                        }
                    }
                }

                slices.Add(new SliceState { Mode = mode, LatentSize = d, Items = [.. items], Results = new SearchSummary?[items.Count] });
            }
        }

        return slices;
    }
}
