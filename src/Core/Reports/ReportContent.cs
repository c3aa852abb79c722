namespace Orleans.Lse.Core.Reports;

/// <summary>What a report holds once built: its table, its figures, notes per section, and the files it wrote.</summary>
public sealed record ReportContent
{
    public required ReportInput Input { get; init; }
    public required IReadOnlyList<SummaryRow> Summary { get; init; }
    public required IReadOnlyList<ReportFigure> Figures { get; init; }
    public required IReadOnlyDictionary<string, List<string>> Notes { get; init; }

    /// <summary>Files written beside the report (relative paths), figures and edge-case sets included.</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
