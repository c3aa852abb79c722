namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// When a campaign last advanced: its activity changed, a model's training moved, or a search was counted. A running
/// campaign that has not advanced for longer than its allowance is stalled; its status says so and what it waits on.
/// </summary>
public sealed class ProgressWatch(TimeProvider time)
{
    private string? _signature;

    public DateTimeOffset LastAdvanceUtc { get; private set; } = time.GetUtcNow();

    /// <summary>Records the campaign's state; any change from the last one is progress.</summary>
    public void Observe(string signature)
    {
        if (signature != _signature)
        {
            _signature = signature;
            LastAdvanceUtc = time.GetUtcNow();
        }
    }

    /// <summary>How long the campaign has not advanced, if that is longer than <paramref name="allowance"/>.</summary>
    public TimeSpan? StalledFor(TimeSpan allowance)
    {
        var idle = time.GetUtcNow() - LastAdvanceUtc;
        return idle > allowance ? idle : null;
    }
}
