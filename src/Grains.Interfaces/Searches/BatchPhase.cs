namespace Orleans.Lse.Grains.Searches;

[GenerateSerializer, Alias("lse.BatchPhase")]
public enum BatchPhase
{
    /// <summary>Not started in this activation (never, or its silo died): start it again.</summary>
    Idle = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}
