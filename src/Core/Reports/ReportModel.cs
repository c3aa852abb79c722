namespace Orleans.Lse.Core.Reports;

/// <summary>A model as the report names it: role, kind, latent size and weights checksum.</summary>
public sealed record ReportModel(string Role, string Kind, int LatentSize, string WeightsSha256);
