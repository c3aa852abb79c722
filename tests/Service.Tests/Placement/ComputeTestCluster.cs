using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Lse.Grains.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace Orleans.Lse.Service.Tests.Placement;

/// <summary>Starts in-process clusters whose silos use compute placement, one of them optionally declaring a CUDA device.</summary>
internal static class ComputeTestCluster
{
    /// <summary>A secondary silo, so that killing it leaves the primary in place.</summary>
    public const string CudaSiloName = "Silo_1";

    public const long CudaSiloMemoryBytes = 80L << 30;

    private static readonly TimeSpan s_convergenceTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Deploys <paramref name="silos"/> silos with <paramref name="policy"/>; the silo named <paramref name="cudaSilo"/>
    /// (if any) declares one CUDA device through the options override, the others declare none, so nothing depends on
    /// the test machine. Returns once membership is stable and every silo has every other silo's compute metadata.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(short silos, CudaPlacementPolicy policy, string? cudaSilo)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((siloOptions, siloBuilder) =>
        {
            siloBuilder.AddLseComputePlacement();
            var isCudaSilo = siloOptions.SiloName == cudaSilo;
            siloBuilder.Services.Configure<ComputePlacementOptions>(options =>
            {
                options.Policy = policy;
                options.CudaDevices = isCudaSilo ? 1 : 0;
                options.CudaMemoryBytes = isCudaSilo ? CudaSiloMemoryBytes : 0;
            });

            // The in-process harness's kill usually leaves a Dead entry at once; if not, probes notice in ~2 s, not ~15.
            siloBuilder.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
            });
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            await cluster.WaitForLivenessToStabilizeAsync();
            await WaitForComputeMetadataAsync(cluster);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the grain with key <paramref name="key"/> is activated.</summary>
    public static Task<SiloAddress> PlaceAsync(InProcessTestCluster cluster, long key) =>
        cluster.Client.GetGrain<IComputeProbeGrain>(key).GetSiloAddress();

    /// <summary>Activates keys <paramref name="firstKey"/>.. and counts activations per silo.</summary>
    public static async Task<Dictionary<SiloAddress, int>> PlaceManyAsync(InProcessTestCluster cluster, long firstKey, int count)
    {
        var placed = await Task.WhenAll(Enumerable.Range(0, count).Select(i => PlaceAsync(cluster, firstKey + i)));
        return placed.GroupBy(static s => s).ToDictionary(static g => g.Key, static g => g.Count());
    }

    public static SiloMetadata GetMetadataAsSeenBy(InProcessSiloHandle observer, SiloAddress silo) =>
        observer.ServiceProvider.GetRequiredService<ISiloMetadataCache>().GetSiloMetadata(silo);

    /// <summary>
    /// Waits (bounded poll: statistics arrive about once a second) until every silo's load tracker holds a non-zero
    /// activation count for every silo; before any compute placement those can only come from Orleans' load statistics.
    /// </summary>
    public static async Task WaitForLoadStatisticsAsync(InProcessTestCluster cluster)
    {
        var silos = cluster.GetActiveSilos().ToArray();
        await WaitUntilAsync(
            () => silos.All(observer => silos.All(silo =>
                observer.ServiceProvider.GetRequiredService<SiloLoadTracker>().GetLoad(silo.SiloAddress) > 0)),
            "Load trackers did not receive every silo's statistics");
    }

    /// <summary>
    /// Silo metadata caches fill in the background after membership changes and raise no event, so this polls (bounded)
    /// until every silo holds every other silo's compute keys.
    /// </summary>
    private static Task WaitForComputeMetadataAsync(InProcessTestCluster cluster)
    {
        var silos = cluster.GetActiveSilos().ToArray();
        return WaitUntilAsync(
            () => silos.All(observer => silos.All(silo =>
                GetMetadataAsSeenBy(observer, silo.SiloAddress).Metadata.ContainsKey(ComputeMetadataKeys.CudaDevices))),
            "Silo metadata caches did not converge on the compute keys");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        using var timeout = new CancellationTokenSource(s_convergenceTimeout);
        while (!condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{failure} within {s_convergenceTimeout}.");
            }
        }
    }
}
