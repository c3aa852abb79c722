using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Lse.Grains.Placement;

/// <summary>Silo set-up for <see cref="ComputePlacement"/>.</summary>
public static class PlacementHostingExtensions
{
    private const string OrleansMetadataSection = "Orleans:Metadata";

    /// <summary>
    /// Binds <see cref="ComputePlacementOptions"/> from <see cref="ComputePlacementOptions.Section"/> (later
    /// <c>Services.Configure&lt;ComputePlacementOptions&gt;</c> calls override it) and validates them at start; at start,
    /// detects this silo's CUDA devices unless overridden, logs them and publishes them as silo metadata
    /// (<see cref="ComputeMetadataKeys"/>); registers the placement director for <see cref="ComputePlacement"/>.
    /// </summary>
    /// <remarks>
    /// Calls <c>UseSiloMetadata</c>, which must not be called twice on a silo: instead, entries under the
    /// <c>Orleans:Metadata</c> configuration section (what <c>UseSiloMetadata()</c> would read) are published too.
    /// Calling this method again does nothing.
    /// </remarks>
    public static ISiloBuilder AddLseComputePlacement(this ISiloBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(LocalCudaCapacity)))
        {
            return builder;
        }

        services.AddOptions<ComputePlacementOptions>()
            .Bind(builder.Configuration.GetSection(ComputePlacementOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComputePlacementOptions>, ComputePlacementOptionsValidator>();
        services.AddSingleton<LocalCudaCapacity>();
        services.AddSingleton<SiloLoadTracker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(static sp => sp.GetRequiredService<SiloLoadTracker>());

        // Registered before UseSiloMetadata's configurer, which copies this dictionary (see ConfigureComputeSiloMetadata).
        var published = builder.Configuration.GetSection(OrleansMetadataSection).Get<Dictionary<string, string>>() ?? [];
        services.AddSingleton<IConfigureOptions<SiloMetadata>>(sp => new ConfigureComputeSiloMetadata(sp.GetRequiredService<LocalCudaCapacity>(), published));
        builder.UseSiloMetadata(published);

        services.AddPlacementDirector<ComputePlacement, ComputePlacementDirector>();
        return builder;
    }
}
