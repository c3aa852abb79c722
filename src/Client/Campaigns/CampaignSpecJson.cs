using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Client.Campaigns;

/// <summary>
/// A campaign spec in JSON (camelCase fields, modes as "lse"/"lae"), as files for the CLI and request bodies for the
/// REST API give it; errors name the field. The search is a preset name (<c>"search": "paper"</c>, with
/// <c>"searchOverrides": "budget=150"</c> as shorthand) or an object of the preset and typed options:
/// <c>"search": { "preset": "paper", "maxSteps": 150, "stopRules": false }</c>.
/// </summary>
public static class CampaignSpecJson
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Parses and validates a spec; <paramref name="source"/> names where it came from in errors (a quoted path, "(request body)").</summary>
    public static CampaignSpec Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        CampaignSpec? spec;
        try
        {
            var root = JsonNode.Parse(json);
            if (root is JsonObject fields && fields["search"] is JsonObject search)
            {
                fields["search"] = Preset(search);
                fields["searchOverrides"] = Overrides(search, fields["searchOverrides"]);
            }

            spec = root?.Deserialize<CampaignSpec>(Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Campaign spec {source} is malformed at {e.Path ?? "$"}: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"Campaign spec {source} is malformed: {e.Message}");
        }

        if (spec is null)
        {
            throw new ArgumentException($"Campaign spec {source} is empty (null).");
        }

        if (spec.Search is null || spec.SearchOverrides is null || spec.Name is null || spec.Dataset is null || spec.Classifier is null)
        {
            throw new ArgumentException($"Campaign spec {source}: name, dataset, classifier, search and searchOverrides must not be null (leave a field out for its default).");
        }

        // "mlp" is the default: spelled out or left out, the same spec (a resubmission compares them).
        if (spec.Vae == "mlp")
        {
            spec = spec with { Vae = null };
        }

        CampaignSpecValidator.Validate(spec);
        return spec;
    }

    private static string Preset(JsonObject search) => search["preset"] switch
    {
        null => "paper",
        JsonValue v when v.TryGetValue<string>(out var name) => name,
        var other => throw new JsonException($"Campaign spec field 'search.preset' must be a preset name (got {other.ToJsonString()})."),
    };

    /// <summary>The object's options as the key=value text the service stores (one form, so resubmissions compare equal).</summary>
    private static string Overrides(JsonObject search, JsonNode? shorthand)
    {
        if (shorthand is JsonValue text && text.TryGetValue<string>(out var given) && given.Length > 0)
        {
            throw new JsonException("Campaign spec: give the search options in the 'search' object or in 'searchOverrides', not both.");
        }

        var pairs = new List<string>();
        foreach (var (key, value) in search)
        {
            if (key == "preset")
            {
                continue;
            }

            string rendered = value switch
            {
                null => "none",
                JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
                JsonValue v when v.TryGetValue<double>(out var number) => number.ToString("R", CultureInfo.InvariantCulture),
                JsonValue v when v.TryGetValue<string>(out var word) && !word.Contains(',') && !word.Contains('=') => word,
                _ => throw new JsonException($"Campaign spec field 'search.{key}' must be a number, true/false, a word or null (got {value.ToJsonString()})."),
            };
            pairs.Add($"{key}={rendered}");
        }

        return string.Join(",", pairs);
    }
}
