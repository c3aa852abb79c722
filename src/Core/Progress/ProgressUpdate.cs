namespace Orleans.Lse.Core.Progress;

/// <summary>A snapshot of progress within a named phase.</summary>
/// <param name="Phase">Phase name, e.g. "train" or "search"; a new name starts a new bar.</param>
/// <param name="Done">Units completed so far in this phase.</param>
/// <param name="Total">Units in the phase; zero or negative when unknown.</param>
/// <param name="Detail">Optional short text shown after the numbers (e.g. "loss 0.231").</param>
public readonly record struct ProgressUpdate(string Phase, long Done, long Total, string? Detail = null)
{
    /// <summary>True when the total is known and reached.</summary>
    public bool IsComplete => Total > 0 && Done >= Total;
}
