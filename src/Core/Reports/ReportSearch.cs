using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Reports;

/// <summary>One finished search as a report reads it: what it explained, how it ended and the eps it reported.</summary>
public sealed record ReportSearch
{
    public required string Variant { get; init; }
    public required SearchMode Mode { get; init; }
    public required int LatentSize { get; init; }
    public required long Id { get; init; }

    /// <summary>Row of the image in the report's image source.</summary>
    public required int ImageRow { get; init; }
    public required int TrueLabel { get; init; }
    public required int Target { get; init; }
    public required int InitialPrediction { get; init; }
    public required int FinalPrediction { get; init; }
    public required bool Success { get; init; }
    public required string StopReason { get; init; }
    public required int Steps { get; init; }

    /// <summary>Restarts used before the first success; 0 where unknown.</summary>
    public int Restarts { get; init; }
    public required float EpsNorm { get; init; }

    /// <summary>The reported eps (d values), or empty where the store kept none: such searches join the tables only.</summary>
    public required float[] Eps { get; init; }

    /// <summary>The same from an engine result.</summary>
    public static ReportSearch From(string variant, int latentSize, int imageRow, SearchResult r) => new()
    {
        Variant = variant,
        Mode = r.Mode,
        LatentSize = latentSize,
        Id = r.Id,
        ImageRow = imageRow,
        TrueLabel = r.TrueLabel,
        Target = r.Target,
        InitialPrediction = r.InitialPrediction,
        FinalPrediction = r.FinalPrediction,
        Success = r.Success,
        StopReason = r.StopReason.ToString(),
        Steps = r.Steps,
        Restarts = r.Restarts,
        EpsNorm = r.EpsNorm,
        Eps = r.Eps,
    };
}
