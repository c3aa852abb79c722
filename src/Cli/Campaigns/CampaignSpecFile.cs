using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>Reads a campaign spec from JSON (camelCase fields, modes as "lse"/"lae"); errors name the field.</summary>
internal static class CampaignSpecFile
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static CampaignSpec Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"Campaign spec file '{path}' does not exist.");
        }

        CampaignSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<CampaignSpec>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Campaign spec '{path}' is malformed at {e.Path ?? "$"}: {e.Message}");
        }

        if (spec is null)
        {
            throw new ArgumentException($"Campaign spec '{path}' is empty (null).");
        }

        CampaignSpecValidator.Validate(spec);
        return spec;
    }
}
