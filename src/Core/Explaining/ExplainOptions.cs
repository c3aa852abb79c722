using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Explaining;

/// <summary>What <c>lse explain</c> runs: a registered model's mistakes on the user's images.</summary>
public sealed record ExplainOptions
{
    /// <summary>The registered model's id (<c>lse model add</c>).</summary>
    public required string ModelId { get; init; }

    /// <summary>An ImageFolder root or a CSV of (path, label) rows.</summary>
    public required string DataPath { get; init; }

    /// <summary>The model registry's folder.</summary>
    public required string RegistryDirectory { get; init; }
    public required string OutputDirectory { get; init; }
    public DeviceKind Device { get; init; } = DeviceKind.Auto;

    /// <summary>Read only the first N images (path order); 0: all. Default 0.</summary>
    public int ImageLimit { get; init; }

    /// <summary>Most misclassified images explained (LSE), first in path order; 0: all. Default 100.</summary>
    public int LseImages { get; init; } = 100;

    /// <summary>Correctly classified images pushed to every other class (LAE); 0: no LAE. Default 0.</summary>
    public int LaeImages { get; init; }

    /// <summary>Search preset (improved, paper, paper-mean). Default improved.</summary>
    public string Search { get; init; } = "improved";

    /// <summary>Overrides of the preset, key=value text.</summary>
    public string? SearchOverrides { get; init; }
    public int Seed { get; init; }

    /// <summary>Searches per gallery PNG; 0: no galleries. Default 40.</summary>
    public int GalleryRows { get; init; } = 40;

    /// <summary>Draw the figures and write report.html. Default true.</summary>
    public bool Report { get; init; } = true;

    /// <summary>Export x, x', x' - x and eps as .npy arrays. Default true.</summary>
    public bool Npy { get; init; } = true;

    /// <summary>Overrides the manifest's reconstruction-error limit; null: the manifest's.</summary>
    public double? MaxReconstructionError { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelId))
        {
            throw new ArgumentException("A model id is required (--model).", nameof(ModelId));
        }

        if (string.IsNullOrWhiteSpace(DataPath))
        {
            throw new ArgumentException("A data folder or CSV is required (--data).", nameof(DataPath));
        }

        if (ImageLimit < 0 || LseImages < 0 || LaeImages < 0 || GalleryRows < 0)
        {
            throw new ArgumentException($"--limit, --lse-images, --lae-images and --gallery-rows must be >= 0; got {ImageLimit}, {LseImages}, {LaeImages}, {GalleryRows}.");
        }

        if (MaxReconstructionError is { } e && (!double.IsFinite(e) || e <= 0))
        {
            throw new ArgumentException($"--max-reconstruction-error must be a finite positive number; got {e}.", nameof(MaxReconstructionError));
        }

        SearchPresetsCheck();
    }

    /// <summary>The search options for a mode (the preset with the overrides and seed).</summary>
    public SearchOptions SearchFor(SearchMode mode, int searches) => Experiments.SearchPresets.Resolve(Search, SearchOverrides, Seed, mode, searches);

    private void SearchPresetsCheck() => SearchFor(SearchMode.Lse, 1);
}
