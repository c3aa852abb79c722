using System.Text.Json;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>Reads a campaign spec file (<see cref="CampaignSpecJson"/>); errors name the file and the field.</summary>
internal static class CampaignSpecFile
{
    public static JsonSerializerOptions Json => CampaignSpecJson.Json;

    public static CampaignSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Campaign spec file '{path}' does not exist.");
        }

        return CampaignSpecJson.Parse(File.ReadAllText(path), $"'{path}'");
    }
}
