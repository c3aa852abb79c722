using Microsoft.Extensions.Logging;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Hosting;
using Orleans.Runtime;

namespace Orleans.Lse.Grains.Storage;

/// <summary>
/// Runs <see cref="StorageSchemaInstaller"/> in the silo's first lifecycle stage: before the silo opens its ports and
/// before any provider reads <c>OrleansQuery</c>. A failure stops the silo's start with the installer's message.
/// </summary>
internal sealed class StorageSchemaStartup(LseClusterOptions options, ILogger<StorageSchemaInstaller> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageSchemaStartup), ServiceLifecycleStage.First, cancellationToken => new StorageSchemaInstaller(logger).InstallAsync(options, cancellationToken));
}
