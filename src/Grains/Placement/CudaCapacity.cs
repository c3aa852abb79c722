using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Lse.Grains.Placement;

/// <summary>A silo's CUDA devices and their total memory, as published in its silo metadata.</summary>
internal readonly record struct CudaCapacity(int Devices, long MemoryBytes)
{
    public static CudaCapacity None { get; } = new(0, 0);

    /// <summary>Reads the capacity a silo published; missing or unreadable values count as none.</summary>
    public static CudaCapacity FromMetadata(SiloMetadata metadata)
    {
        var values = metadata.Metadata;
        int devices = values.TryGetValue(ComputeMetadataKeys.CudaDevices, out var d)
            && int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedDevices) ? parsedDevices : 0;
        long memory = values.TryGetValue(ComputeMetadataKeys.CudaMemory, out var m)
            && long.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedMemory) ? parsedMemory : 0;
        return new(devices, memory);
    }

    public IEnumerable<KeyValuePair<string, string>> ToMetadata()
    {
        yield return new(ComputeMetadataKeys.CudaDevices, Devices.ToString(CultureInfo.InvariantCulture));
        yield return new(ComputeMetadataKeys.CudaMemory, MemoryBytes.ToString(CultureInfo.InvariantCulture));
    }
}
