using System.Globalization;
using System.Text;
using System.Text.Json;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>Writes a campaign's results as CSV (one row per search) or JSON (status, aggregates and searches).</summary>
internal static class CampaignExport
{
    public static void Csv(string path, IReadOnlyList<FinishedSearch> results)
    {
        var csv = new StringBuilder("mode,d,ordinal,image,true_label,target,success,steps,eps_norm,restarts\n");
        foreach (var r in results)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Mode.ToString().ToLowerInvariant()},{r.LatentSize},{r.Ordinal},{r.Image},{r.TrueLabel},{r.Target},{(r.Success ? 1 : 0)},{r.Steps},{r.EpsNorm:R},{r.Restarts}\n");
        }

        Write(path, csv.ToString());
    }

    public static void Json(string path, CampaignStatus status, IReadOnlyList<FinishedSearch> results) =>
        Write(path, JsonSerializer.Serialize(new { status, searches = results }, CampaignSpecFile.Json));

    private static void Write(string path, string text)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text);
    }
}
