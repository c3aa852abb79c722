using Orleans.Lse.Grains.Placement;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Placement;

/// <summary>Compute placement in three-silo in-process clusters (one cluster per test: each start costs a few seconds).</summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
public sealed class ComputePlacementClusterTests(ITestOutputHelper output)
{
    private const int Activations = 40;

    [Fact]
    public async Task Prefer_PlacesEveryActivationOnTheCudaSilo_AndOnCpuSilosOnceItDies()
    {
        await using var cluster = await ComputeTestCluster.StartAsync(3, CudaPlacementPolicy.Prefer, ComputeTestCluster.CudaSiloName);
        var cudaSilo = cluster.Silos.Single(s => s.Name == ComputeTestCluster.CudaSiloName);
        var cpuSilos = cluster.Silos.Where(s => s != cudaSilo).ToArray();

        // The CUDA silo's capacity is what every other silo sees in its metadata.
        foreach (var observer in cpuSilos)
        {
            var seen = ComputeTestCluster.GetMetadataAsSeenBy(observer, cudaSilo.SiloAddress).Metadata;
            Assert.Equal("1", seen[ComputeMetadataKeys.CudaDevices]);
            Assert.Equal(ComputeTestCluster.CudaSiloMemoryBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), seen[ComputeMetadataKeys.CudaMemory]);
            Assert.Equal("0", ComputeTestCluster.GetMetadataAsSeenBy(observer, observer.SiloAddress).Metadata[ComputeMetadataKeys.CudaDevices]);
        }

        var before = await ComputeTestCluster.PlaceManyAsync(cluster, firstKey: 0, Activations);
        output.WriteLine($"Prefer, CUDA silo {cudaSilo.SiloAddress} alive: {Describe(before)}");
        Assert.Equal([cudaSilo.SiloAddress], before.Keys);

        var killedAt = System.Diagnostics.Stopwatch.StartNew();
        await cluster.KillSiloAsync(cudaSilo);
        await cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        output.WriteLine($"Killed the CUDA silo; membership stable after {killedAt.Elapsed.TotalSeconds:F1} s.");

        var after = await ComputeTestCluster.PlaceManyAsync(cluster, firstKey: 1000, Activations);
        output.WriteLine($"Prefer, CUDA silo dead: {Describe(after)}");
        Assert.Equal(Activations, after.Values.Sum());
        Assert.All(after.Keys, silo => Assert.Contains(silo, cpuSilos.Select(s => s.SiloAddress)));
    }

    [Fact]
    public async Task Ignore_SpreadsActivationsOverSeveralSilos()
    {
        await using var cluster = await ComputeTestCluster.StartAsync(3, CudaPlacementPolicy.Ignore, ComputeTestCluster.CudaSiloName);

        // Placement weighs by load: Orleans' statistics reach every silo's director.
        await ComputeTestCluster.WaitForLoadStatisticsAsync(cluster);

        var placed = await ComputeTestCluster.PlaceManyAsync(cluster, firstKey: 0, Activations);

        output.WriteLine($"Ignore: {Describe(placed)}");
        Assert.Equal(Activations, placed.Values.Sum());
        Assert.True(placed.Count >= 2, $"Expected activations on several silos, got {Describe(placed)}.");
    }

    [Fact]
    public async Task Require_WithoutCudaSilo_FailsWithAClearError()
    {
        await using var cluster = await ComputeTestCluster.StartAsync(1, CudaPlacementPolicy.Require, cudaSilo: null);
        var grain = cluster.Client.GetGrain<IComputeProbeGrain>(0);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => grain.GetSiloAddress());
        output.WriteLine($"{error.GetType().Name}: {error.Message}");

        Assert.Contains(nameof(CudaPlacementPolicy.Require), error.Message, StringComparison.Ordinal);
        Assert.Contains(grain.GetGrainId().Type.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(ComputeMetadataKeys.CudaDevices, error.Message, StringComparison.Ordinal);
    }

    private static string Describe(Dictionary<SiloAddress, int> placed) =>
        string.Join(", ", placed.OrderBy(static p => p.Key.ToString()).Select(static p => $"{p.Key}: {p.Value}"));
}
