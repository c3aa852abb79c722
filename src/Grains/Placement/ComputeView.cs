using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Compute;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Lse.Grains.Placement;

/// <summary>The silo's <see cref="IComputeView"/>: silo metadata for every silo's CUDA capacity, the executor for its own queue.</summary>
internal sealed class ComputeView(ILocalSiloDetails localSilo, ISiloMetadataCache metadata, SearchExecutor executor, ModelLibrary library) : IComputeView
{
    public string LocalSilo => localSilo.SiloAddress.ToParsableString();

    public string LocalDevice => library.Device.ToString();

    public int LocalQueueDepth => executor.QueueDepth;

    public double LocalBusySeconds => executor.BusySeconds;

    public (int Devices, long MemoryBytes)? Cuda(string siloAddress)
    {
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(siloAddress);
        }
        catch (FormatException)
        {
            return null;
        }

        var capacity = CudaCapacity.FromMetadata(metadata.GetSiloMetadata(silo));
        return (capacity.Devices, capacity.MemoryBytes);
    }
}
