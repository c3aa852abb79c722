using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Storage;
using Orleans.TestingHost;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// The shared two-silo cluster: the whole service (executor, model library, grains, compute placement) with memory grain
/// storage and in-memory reminders. Datasets come from the shared cache ($LSE_CACHE or ./.cache); models, images and
/// campaign output go to a fresh temporary directory.
/// </summary>
public sealed class ServiceClusterFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lse-service-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Lse:Cluster:DataDirectory"] = DataDirectory,
            ["Lse:Cluster:DatasetDirectory"] = Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets"),
            // Tests make dataset directories of their own in the data directory.
            ["Lse:Cluster:DatasetRoots:0"] = DataDirectory,
            ["Lse:Compute:Device"] = "cpu",
            ["Lse:Campaigns:PollInterval"] = "00:00:00.050",
        };
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(settings));
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(LseStorage.ProviderName).UseInMemoryReminderService().AddLseServices());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ServiceClusterCollection : ICollectionFixture<ServiceClusterFixture>
{
    public const string Name = "service cluster";
}
