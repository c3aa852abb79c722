namespace Orleans.Lse.Grains.Campaigns;

/// <summary>One (mode, d) slice of a campaign: its planned searches and the results counted so far (null = not yet).</summary>
[GenerateSerializer, Alias("lse.SliceState")]
public sealed class SliceState
{
    [Id(0)] public CampaignMode Mode { get; set; }
    [Id(1)] public int LatentSize { get; set; }
    [Id(2)] public Searches.SearchWorkItem[] Items { get; set; } = [];
    [Id(3)] public FinishedSearch?[] Results { get; set; } = [];

    /// <summary>Seconds between the slice's first block start and its last result (for ETA and throughput).</summary>
    [Id(4)] public double SecondsRunning { get; set; }

    /// <summary>
    /// The slice's search options, resolved once when the campaign was planned (JSON of the core's SearchOptions); null
    /// in campaigns planned before they were stored, whose blocks resolve the spec's preset as they did then.
    /// </summary>
    [Id(5)] public string? SearchOptions { get; set; }

    public int Done => Results.Count(r => r is not null);
}
