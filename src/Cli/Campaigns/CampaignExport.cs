using System.Text.Json;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>Writes a campaign's results as CSV (one row per search) or JSON (status, aggregates and searches).</summary>
internal static class CampaignExport
{
    public static void Csv(string path, IReadOnlyList<FinishedSearch> results) => Write(path, CampaignResultsCsv.Format(results));

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
