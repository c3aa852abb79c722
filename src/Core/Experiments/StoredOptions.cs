using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Training;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// Resolved options as JSON, every option written out: what an experiment's plan stores, so that its searches and
/// trainings run with the stored values, not with whatever defaults a later build has.
/// </summary>
public static class StoredOptions
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(SearchOptions options) => JsonSerializer.Serialize(options, s_json);

    public static string Serialize(TrainingOptions options) => JsonSerializer.Serialize(options, s_json);

    /// <summary>Reads and validates stored search options; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static SearchOptions Search(string json)
    {
        var options = Read<SearchOptions>(json, "search");
        options.Validate();
        return options;
    }

    /// <summary>Reads and validates stored training options; throws an <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static TrainingOptions Training(string json)
    {
        var options = Read<TrainingOptions>(json, "training");
        options.Validate();
        return options;
    }

    private static T Read<T>(string json, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, s_json) ?? throw new ArgumentException($"Stored {what} options are null.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Stored {what} options are malformed at {e.Path ?? "$"}: {e.Message}", nameof(json), e);
        }
    }
}
