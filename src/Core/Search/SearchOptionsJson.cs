using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Resolved search options as JSON, every option written out: what an experiment's plan stores, so that the searches
/// run with the stored values, not with whatever defaults a later build has.
/// </summary>
public static class SearchOptionsJson
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(SearchOptions options) => JsonSerializer.Serialize(options, s_json);

    /// <summary>Reads and validates stored options; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static SearchOptions Deserialize(string json)
    {
        SearchOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<SearchOptions>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Stored search options are malformed at {e.Path ?? "$"}: {e.Message}", nameof(json), e);
        }

        if (options is null)
        {
            throw new ArgumentException("Stored search options are null.", nameof(json));
        }

        options.Validate();
        return options;
    }
}
