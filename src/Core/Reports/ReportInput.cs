using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Reports;

/// <summary>Everything a report is made from: the searches, the models that ran them, the images, the configuration.</summary>
public sealed record ReportInput
{
    /// <summary>The report's heading ("Campaign mnist-weekly", "Reproduction of ...").</summary>
    public required string Title { get; init; }

    /// <summary>Dataset name (known names get the paper's figures beside theirs).</summary>
    public required string Dataset { get; init; }
    public string DatasetChecksum { get; init; } = "";
    public required ImageShape Shape { get; init; }

    /// <summary>The image of a row, flat C x H x W in the classifier's range.</summary>
    public required Func<int, float[]> Image { get; init; }

    /// <summary>The paper's (success rate, mean ||eps||) for (mode, d) where it reports them for this dataset; null: none.</summary>
    public Func<SearchMode, int, (double Rate, double Eps)?>? Published { get; init; }

    /// <summary>Class names by label; numbers where null.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
    public required IReadOnlyList<ReportSearch> Searches { get; init; }

    /// <summary>The models per latent size; figures that need a model are drawn for these sizes only.</summary>
    public required IReadOnlyList<ReportLatent> Latents { get; init; }

    /// <summary>The search options per (variant, mode, d), for replays that record a search's path.</summary>
    public required IReadOnlyDictionary<(string Variant, SearchMode Mode, int LatentSize), SearchOptions> Options { get; init; }

    /// <summary>The 2-D grid oracle's verdicts by search id, where it ran.</summary>
    public IReadOnlyDictionary<long, OracleResult> Oracle { get; init; } = new Dictionary<long, OracleResult>();
    public IReadOnlyList<ReportModel> Models { get; init; } = [];

    /// <summary>The run's configuration as JSON, shown as is.</summary>
    public string ConfigurationJson { get; init; } = "{}";

    /// <summary>Files beside the report that it links to (relative paths); PNGs among them are shown.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The dashboard's address of this run, linked from the report where set.</summary>
    public string? DashboardUrl { get; init; }

    /// <summary>The device figures compute on.</summary>
    public TorchSharp.torch.Device? Device { get; init; }

    /// <summary>Seed of the bootstrap. Default 0.</summary>
    public int Seed { get; init; }
}
