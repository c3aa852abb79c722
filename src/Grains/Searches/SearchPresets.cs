using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Searches;

/// <summary>Turns a campaign's search preset name, overrides and seed into validated engine options.</summary>
public static class SearchPresets
{
    /// <summary>
    /// The preset names: the paper's plain GD on each search's own CE, on the batch-mean CE of the paper's experiments
    /// (lambda / 87 per LSE search, lambda / 90 per LAE search: what `lse reproduce` runs), and the improved search.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["paper", "paper-mean", "improved"];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the bad preset or option.</summary>
    public static SearchOptions Resolve(string preset, string? overrides, int seed, CampaignMode mode = CampaignMode.Lse)
    {
        var baseline = preset.Trim().ToLowerInvariant() switch
        {
            "paper" => SearchOptions.Paper,
            "paper-mean" => SearchOptions.Paper with { LossMeanOver = mode == CampaignMode.Lae ? SearchOptions.PaperLaeBatch : SearchOptions.PaperLseBatch },
            "improved" => SearchOptions.Improved,
            _ => throw new ArgumentException($"Unknown search preset '{preset}': use {string.Join(", ", Names)}.", nameof(preset)),
        };
        var options = SearchOptionsText.Apply(baseline, overrides) with { Seed = seed };
        options.Validate();
        return options;
    }
}
