using System.Globalization;
using System.Text;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>
/// A campaign's results as CSV, one row per search (the CLI's export and the REST API's <c>?format=csv</c>); a CelebA
/// campaign's add a last column, the trait.
/// </summary>
public static class CampaignResultsCsv
{
    public const string Header = "mode,d,ordinal,image,true_label,target,success,steps,eps_norm,restarts";

    public static string Format(IReadOnlyList<FinishedSearch> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        bool traits = results.Any(r => r.Trait is not null);
        var csv = new StringBuilder(Header).Append(traits ? ",trait\n" : "\n");
        foreach (var r in results)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Mode.ToString().ToLowerInvariant()},{r.LatentSize},{r.Ordinal},{r.Image},{r.TrueLabel},{r.Target},{(r.Success ? 1 : 0)},{r.Steps},{r.EpsNorm:R},{r.Restarts}");
            // Trait names are CelebA attribute names (letters, digits, '_'): nothing to quote.
            csv.Append(traits ? $",{r.Trait}\n" : "\n");
        }

        return csv.ToString();
    }
}
