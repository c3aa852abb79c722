namespace Orleans.Lse.Core.Reports;

/// <summary>One (variant, mode, d) line of the report's table, with the paper's figures where it has some.</summary>
public sealed record SummaryRow(string Variant, string Mode, int LatentSize, int Searches, int Successes, double SuccessRate, double MeanEpsNorm, double MedianSteps, double? PaperRate, double? PaperEps);
