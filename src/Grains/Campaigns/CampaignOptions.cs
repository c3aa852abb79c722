namespace Orleans.Lse.Grains.Campaigns;

/// <summary>How experiment grains drive their campaigns. Configuration section <see cref="Section"/>.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Lse:Campaigns";

    /// <summary>How often a running campaign checks its blocks and starts new ones. Default 250 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Least time between two writes of a campaign's counted results (phase changes are written at once). Results counted
    /// but not yet written when a silo dies are counted again from their search grains, without recomputing. Default 2 s.
    /// </summary>
    public TimeSpan ResultWriteInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Blocks a campaign keeps running at once (across the cluster). Default 4.</summary>
    public int MaxBlocksInFlight { get; set; } = 4;

    /// <summary>
    /// Attempts per block, when its runs fail transiently (storage, I/O, timeouts), before the campaign fails. The
    /// backoff between attempts doubles from 1 s up to 1 minute, with full jitter: the default 8 attempts wait up to about
    /// 2 minutes in all, so that a database restart or failover is ridden out. Deterministic failures fail at once. Default 8.
    /// </summary>
    public int MaxBlockAttempts { get; set; } = 8;

    /// <summary>
    /// Runs of one block that may die with their silo (out of memory, a native crash, a kill) before the block is
    /// quarantined: set aside with the reason while the rest of the campaign goes on, so that a poison block cannot
    /// crash-loop its silo. A block that has crashed once runs alone until it succeeds, so only the guilty block is
    /// charged. Resume runs quarantined blocks again. Default 3.
    /// </summary>
    public int MaxBlockCrashes { get; set; } = 3;

    /// <summary>Period of the reminder that revives a running campaign whose silo died. Default 1 minute (Orleans' minimum).</summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A running campaign that has not advanced (activity, training progress, a counted search) for this long is shown as
    /// stalled. Default 15 minutes: longer than a block or a model takes on a small CPU; raise it for huge blocks.
    /// </summary>
    public TimeSpan StallAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:PollInterval must be positive (got {PollInterval}).");
        }

        if (ResultWriteInterval < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:ResultWriteInterval must be >= 0 (got {ResultWriteInterval}).");
        }

        if (MaxBlocksInFlight < 1 || MaxBlockAttempts < 1 || MaxBlockCrashes < 1)
        {
            throw new InvalidOperationException($"{Section}:MaxBlocksInFlight, MaxBlockAttempts and MaxBlockCrashes must be >= 1 (got {MaxBlocksInFlight}, {MaxBlockAttempts}, {MaxBlockCrashes}).");
        }

        if (StallAfter <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:StallAfter must be positive (got {StallAfter}).");
        }

        if (KeepAlivePeriod < TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"{Section}:KeepAlivePeriod must be at least 1 minute (got {KeepAlivePeriod}).");
        }
    }
}
