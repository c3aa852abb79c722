namespace Orleans.Lse.Service.Tests.Storage;

[GenerateSerializer, Alias("lse.tests.StorageProbeState")]
public sealed class StorageProbeState
{
    [Id(0)]
    public string? Value { get; set; }

    /// <summary>Reminder ticks received, counted in the durable state.</summary>
    [Id(1)]
    public int Ticks { get; set; }
}
