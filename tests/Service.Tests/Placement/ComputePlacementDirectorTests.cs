using System.Net;
using Orleans.Lse.Grains.Placement;
using Candidate = Orleans.Lse.Grains.Placement.ComputePlacementDirector.Candidate;

namespace Orleans.Lse.Service.Tests.Placement;

/// <summary>The director's selection rule, without a cluster.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ComputePlacementDirectorTests
{
    private static readonly GrainType s_grainType = GrainType.Create("computeprobe");
    private static readonly Candidate s_cpuA = new(Silo(1), 0);
    private static readonly Candidate s_cpuB = new(Silo(2), 0);
    private static readonly Candidate s_cuda1 = new(Silo(3), 1);
    private static readonly Candidate s_cuda4 = new(Silo(4), 4);

    [Fact]
    public void SelectCandidates_Prefer_KeepsOnlyCudaSilos()
    {
        var chosen = ComputePlacementDirector.SelectCandidates(CudaPlacementPolicy.Prefer, [s_cpuA, s_cuda1, s_cpuB, s_cuda4], s_grainType);
        Assert.Equal([s_cuda1, s_cuda4], chosen);
    }

    [Fact]
    public void SelectCandidates_Prefer_FallsBackToAllSilosWithoutCuda()
    {
        var chosen = ComputePlacementDirector.SelectCandidates(CudaPlacementPolicy.Prefer, [s_cpuA, s_cpuB], s_grainType);
        Assert.Equal([s_cpuA, s_cpuB], chosen);
    }

    [Fact]
    public void SelectCandidates_Require_KeepsOnlyCudaSilos()
    {
        var chosen = ComputePlacementDirector.SelectCandidates(CudaPlacementPolicy.Require, [s_cpuA, s_cuda4], s_grainType);
        Assert.Equal([s_cuda4], chosen);
    }

    [Fact]
    public void SelectCandidates_Require_WithoutCuda_ThrowsNamingPolicyAndGrainType()
    {
        var error = Assert.Throws<CudaSiloUnavailableException>(
            () => ComputePlacementDirector.SelectCandidates(CudaPlacementPolicy.Require, [s_cpuA, s_cpuB], s_grainType));
        Assert.Contains("Require", error.Message, StringComparison.Ordinal);
        Assert.Contains("computeprobe", error.Message, StringComparison.Ordinal);
        Assert.Contains(ComputePlacementOptions.Section, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectCandidates_Ignore_KeepsAllSilos()
    {
        var chosen = ComputePlacementDirector.SelectCandidates(CudaPlacementPolicy.Ignore, [s_cpuA, s_cuda4], s_grainType);
        Assert.Equal([s_cpuA, s_cuda4], chosen);
    }

    [Theory]
    [InlineData(CudaPlacementPolicy.Prefer, 4, 0, 4.0)]
    [InlineData(CudaPlacementPolicy.Prefer, 4, 3, 1.0)]
    [InlineData(CudaPlacementPolicy.Prefer, 0, 1, 0.5)]
    [InlineData(CudaPlacementPolicy.Require, 2, 1, 1.0)]
    [InlineData(CudaPlacementPolicy.Ignore, 4, 1, 0.5)]
    public void GetWeight_IsCapacityOverOnePlusLoad(CudaPlacementPolicy policy, int devices, int load, double expected) =>
        Assert.Equal(expected, ComputePlacementDirector.GetWeight(policy, devices, load), precision: 12);

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.24, 0)]
    [InlineData(0.25, 1)]
    [InlineData(0.99, 2)]
    [InlineData(0.9999999999999999, 2)]
    public void ChooseWeighted_FollowsCumulativeWeights(double draw, int expected) =>
        Assert.Equal(expected, ComputePlacementDirector.ChooseWeighted([1.0, 1.0, 2.0], draw));

    [Fact]
    public void ChooseWeighted_NeverPicksAZeroWeight() =>
        Assert.Equal(1, ComputePlacementDirector.ChooseWeighted([0.0, 3.0, 0.0], 0.0));

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11110 + n), 1);
}
