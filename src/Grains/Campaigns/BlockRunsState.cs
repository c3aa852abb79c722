namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The campaign's block-run markers, persisted apart from its results so that writing one before a block starts stays
/// small. A marker that still says running when nobody is running the block means the run died with its silo. Field
/// ids are stable: stored campaigns must resume after upgrades.
/// </summary>
[GenerateSerializer, Alias("lse.BlockRunsState")]
public sealed class BlockRunsState
{
    /// <summary>Block key -> its marker; a block without a marker never started, or ended its last run.</summary>
    [Id(0)] public Dictionary<string, BlockRun> Runs { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One block's run marker.</summary>
[GenerateSerializer, Alias("lse.BlockRun")]
public sealed record BlockRun
{
    /// <summary>Written (and stored) before the block starts; cleared when its run is seen to end.</summary>
    [Id(0)] public bool Running { get; init; }

    /// <summary>Runs that started and never ended: each killed, or died with, the silo that ran it.</summary>
    [Id(1)] public int Crashes { get; init; }

    /// <summary>Set aside after <see cref="CampaignOptions.MaxBlockCrashes"/> crashes; resume clears it.</summary>
    [Id(2)] public bool Quarantined { get; init; }
}
