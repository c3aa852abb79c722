using Orleans.Lse.Core.Devices;

namespace Orleans.Lse.Grains.Compute;

/// <summary>The silo's compute: device and the batching executor's limits. Configuration section <see cref="Section"/>.</summary>
public sealed class ComputeOptions
{
    public const string Section = "Lse:Compute";

    /// <summary>cpu, cuda or auto (default: CUDA when present, else CPU with a log line).</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Most searches the executor puts in one engine batch when it merges requests. Default 1024.</summary>
    public int MaxBatch { get; set; } = 1024;

    /// <summary>How long the executor waits for more mergeable requests before running a partial batch. Default 20 ms.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Torch threads for the executor (0 = libtorch's default, one per core).</summary>
    public int Threads { get; set; }

    /// <summary>
    /// Models trained at once on this silo (each model trains once; loading a checkpoint also takes a slot). Others
    /// wait for a slot, never for an unrelated model's lock. Default 1: libtorch's generator and thread settings are
    /// process-wide, so a model trained beside another (or beside a load) can differ in its last bits from run to run;
    /// one at a time, the same spec gives the same weights on the same build and CPU.
    /// </summary>
    public int MaxConcurrentTrainings { get; set; } = 1;

    /// <summary>
    /// Test hook, never for production: a block whose key ends with this text kills its silo as it starts
    /// (Environment.FailFast, as a native crash would). The quarantine test uses it. Default: none.
    /// </summary>
    public string? CrashOnBlock { get; set; }

    /// <summary>
    /// Test hook, never for production: a block whose key ends with this text never finishes (as on a hung driver or
    /// file system); its campaign shows as stalled. The stalled-status test uses it. Default: none.
    /// </summary>
    public string? HangOnBlock { get; set; }

    public DeviceKind DeviceKind => ComputeDevice.Parse(Device);

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        try
        {
            _ = DeviceKind;
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{Section}:Device: {e.Message}", e);
        }

        if (MaxBatch < 1)
        {
            throw new InvalidOperationException($"{Section}:MaxBatch must be >= 1 (got {MaxBatch}).");
        }

        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromSeconds(10))
        {
            throw new InvalidOperationException($"{Section}:MaxWait must be between 0 and 10 s (got {MaxWait}).");
        }

        if (MaxConcurrentTrainings is < 1 or > 64)
        {
            throw new InvalidOperationException($"{Section}:MaxConcurrentTrainings must be in 1..64 (got {MaxConcurrentTrainings}).");
        }

        if (Threads < 0)
        {
            throw new InvalidOperationException($"{Section}:Threads must be >= 0 (got {Threads}).");
        }
    }
}
