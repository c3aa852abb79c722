using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Searches;

/// <summary>Turns a campaign's search preset name, overrides and seed into validated engine options.</summary>
public static class SearchPresets
{
    /// <summary>The preset names: the paper's plain GD and the improved search.</summary>
    public static IReadOnlyList<string> Names { get; } = ["paper", "improved"];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad preset or option.</summary>
    public static SearchOptions Resolve(string preset, string? overrides, int seed)
    {
        var baseline = preset.Trim().ToLowerInvariant() switch
        {
            "paper" => SearchOptions.Paper,
            "improved" => SearchOptions.Improved,
            _ => throw new ArgumentException($"Unknown search preset '{preset}': use paper or improved.", nameof(preset)),
        };
        var options = SearchOptionsText.Apply(baseline, overrides) with { Seed = seed };
        options.Validate();
        return options;
    }
}
