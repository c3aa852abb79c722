using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Lse.Grains.Placement;

/// <summary>
/// Fills the dictionary handed to <c>UseSiloMetadata</c> with this silo's CUDA capacity when the silo metadata is
/// first resolved (at silo start). <see cref="SiloMetadata"/> can only be extended through that dictionary, and the
/// capacity depends on options that may be configured after <c>AddLseComputePlacement</c>, so the values are written
/// late: this configurer must be registered before <c>UseSiloMetadata</c>'s own, which copies the dictionary.
/// </summary>
internal sealed class ConfigureComputeSiloMetadata(LocalCudaCapacity localCapacity, Dictionary<string, string> published)
    : IConfigureOptions<SiloMetadata>
{
    public void Configure(SiloMetadata options)
    {
        foreach (var (key, value) in localCapacity.Capacity.ToMetadata())
        {
            published[key] = value;
        }
    }
}
