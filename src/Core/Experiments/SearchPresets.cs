using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// Names for search options, resolved once into typed <see cref="SearchOptions"/> when an experiment is planned (not
/// when each batch runs), so the options stored with a plan are the ones its searches use.
/// </summary>
public static class SearchPresets
{
    /// <summary>
    /// paper: the paper's plain GD on each search's own CE. paper-mean: the same on the batch-mean CE of the paper's
    /// experiments (<see cref="BatchMeanOver"/>; what <c>lse reproduce</c> runs). improved: the product's search.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["paper", "paper-mean", "improved"];

    /// <summary>
    /// The options of preset <paramref name="preset"/> with <paramref name="overrides"/> (key=value text, see
    /// <see cref="SearchOptionsText"/>) and <paramref name="seed"/> applied, for one experiment of
    /// <paramref name="experimentSearches"/> searches in <paramref name="mode"/> (null: the paper's experiment size).
    /// Throws an <see cref="ArgumentException"/> naming the bad preset or option.
    /// </summary>
    public static SearchOptions Resolve(string preset, string? overrides, int seed, SearchMode mode, int? experimentSearches = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        var baseline = preset.Trim().ToLowerInvariant() switch
        {
            "paper" => SearchOptions.Paper,
            "paper-mean" => SearchOptions.Paper with { LossMeanOver = BatchMeanOver(mode, experimentSearches) },
            "improved" => SearchOptions.Improved,
            _ => throw new ArgumentException($"Unknown search preset '{preset}': use {string.Join(", ", Names)}.", nameof(preset)),
        };
        var options = SearchOptionsText.Apply(baseline, overrides) with { Seed = seed };
        options.Validate();
        return options;
    }

    /// <summary>
    /// N of the paper's batch-mean loss for one experiment: the paper's LSE batch (<paramref name="lseBatch"/>, 87
    /// misclassified images) for LSE; for LAE the searches per target class, which is the experiment's searches over
    /// <paramref name="classes"/> (900 / 10 = 90 for the paper's 100 images x 9 targets). Null searches: the paper's.
    /// </summary>
    public static int BatchMeanOver(SearchMode mode, int? experimentSearches, int lseBatch = SearchOptions.PaperLseBatch, int classes = 10) =>
        mode == SearchMode.Lse
            ? lseBatch
            : experimentSearches is { } n ? Math.Max(1, (int)Math.Round(n / (double)classes)) : SearchOptions.PaperLaeBatch;
}
