namespace Orleans.Lse.Core.Reports;

/// <summary>A picture of the report: its file (relative to the report), section, title and what it shows.</summary>
public sealed record ReportFigure(string Section, string File, string Title, string Caption);
