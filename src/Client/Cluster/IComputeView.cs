namespace Orleans.Lse.Client.Cluster;

/// <summary>
/// What a silo knows of compute that Orleans' management grain does not report: each silo's CUDA capacity (as the
/// placement director reads it from silo metadata) and this silo's executor. Registered in silos; a dashboard hosted
/// as a plain client has none.
/// </summary>
public interface IComputeView
{
    /// <summary>The silo this runs in.</summary>
    string LocalSilo { get; }

    /// <summary>The device this silo's searches run on (cpu, cuda:0, ...).</summary>
    string LocalDevice { get; }

    /// <summary>Search requests waiting for this silo's executor.</summary>
    int LocalQueueDepth { get; }

    /// <summary>Seconds this silo's executor has spent running batches since it started.</summary>
    double LocalBusySeconds { get; }

    /// <summary>CUDA devices and their memory in bytes for the silo at <paramref name="siloAddress"/> (its ToParsableString), or null when unknown.</summary>
    (int Devices, long MemoryBytes)? Cuda(string siloAddress);
}
