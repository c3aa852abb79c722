namespace Orleans.Lse.Grains.Campaigns;

/// <summary>A campaign report's state: its phase, the report's path relative to the campaign's folder, what failed, and when it was written.</summary>
[GenerateSerializer, Alias("lse.CampaignReportStatus")]
public sealed record CampaignReportStatus
{
    [Id(0)] public required CampaignReportPhase Phase { get; init; }

    /// <summary>report/report.html, relative to the campaign's artifact folder, once written.</summary>
    [Id(1)] public string? Path { get; init; }
    [Id(2)] public string? Error { get; init; }
    [Id(3)] public DateTimeOffset? WrittenUtc { get; init; }

    /// <summary>Figures in the report.</summary>
    [Id(4)] public int Figures { get; init; }

    /// <summary>What the writer is doing now (the last step it logged).</summary>
    [Id(5)] public string Activity { get; init; } = "";
}
