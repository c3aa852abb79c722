namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// One (mode, d) slice of a campaign: its planned searches (<see cref="Searches"/>: the chosen images, or explicit items in
/// slices planned before) and, in campaigns that store per search, the results counted so far (null = not yet).
/// </summary>
[GenerateSerializer, Alias("lse.SliceState")]
public sealed class SliceState
{
    [Id(0)] public CampaignMode Mode { get; set; }
    [Id(1)] public int LatentSize { get; set; }
    /// <summary>The searches one by one: slices planned before <see cref="Images"/> was stored; empty in those planned since.</summary>
    [Id(2)] public Searches.SearchWorkItem[] Items { get; set; } = [];
    [Id(3)] public FinishedSearch?[] Results { get; set; } = [];

    /// <summary>Seconds between the slice's first block start and its last result (for ETA and throughput).</summary>
    [Id(4)] public double SecondsRunning { get; set; }

    /// <summary>
    /// The slice's search options, resolved once when the campaign was planned (JSON of the core's SearchOptions); null
    /// in campaigns planned before they were stored, whose blocks resolve the spec's preset as they did then.
    /// </summary>
    [Id(5)] public string? SearchOptions { get; set; }

    /// <summary>The chosen test images in ascending order (the compact plan; see <see cref="PlannedSearches"/>); null when <see cref="Items"/> holds the plan.</summary>
    [Id(6)] public int[]? Images { get; set; }

    /// <summary>The true label of each of <see cref="Images"/>.</summary>
    [Id(7)] public int[]? Labels { get; set; }

    /// <summary>The classifier's number of classes (LAE targets every other one).</summary>
    [Id(8)] public int Classes { get; set; }

    /// <summary>SHA-256 of the test images the slice was planned on; null in slices planned before it was stored.</summary>
    [Id(9)] public string? DataSha256 { get; set; }

    /// <summary>A CelebA campaign's trait: the slice explains that trait's classifier; null in every other campaign.</summary>
    [Id(10)] public string? Trait { get; set; }

    /// <summary>The planned searches by ordinal, from whichever form the slice was planned in.</summary>
    internal PlannedSearches Searches => new(this);

    public int Done => Results.Count(r => r is not null);
}
