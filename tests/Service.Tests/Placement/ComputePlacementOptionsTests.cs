using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Grains.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Orleans.Lse.Service.Tests.Placement;

/// <summary>Options validation, device detection and the metadata format.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ComputePlacementOptionsTests
{
    // Zero devices and zero bytes (a CPU silo that says so) are the smallest overrides accepted; one below is refused.
    [Theory]
    [InlineData(0, 0L, true)]
    [InlineData(-1, 0L, false)]
    [InlineData(0, -1L, false)]
    public void Validate_ZeroOverridesAreTheBoundary(int devices, long memory, bool valid)
    {
        var error = Record.Exception(() => new ComputePlacementOptions { CudaDevices = devices, CudaMemoryBytes = memory, Policy = CudaPlacementPolicy.Require }.Validate());

        Assert.Equal(valid, error is null);
        Assert.Null(Record.Exception(() => new ComputePlacementOptions().Validate()));
    }

    [Fact]
    public void Validate_RejectsNegativeDeviceCount()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ComputePlacementOptions { CudaDevices = -1 }.Validate());
        Assert.Contains("Lse:Placement:CudaDevices", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsNegativeMemory()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ComputePlacementOptions { CudaMemoryBytes = -5 }.Validate());
        Assert.Contains("Lse:Placement:CudaMemoryBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RejectsUnknownPolicy() =>
        Assert.Throws<InvalidOperationException>(() => new ComputePlacementOptions { Policy = (CudaPlacementPolicy)7 }.Validate());

    [Fact]
    public async Task SiloStart_FailsOnInvalidOptions()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"{ComputePlacementOptions.Section}:CudaDevices"] = "-2";
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddLseComputePlacement());
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Lse:Placement:CudaDevices must be >= 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_BindsOptions_LaterConfigureWins_AndMetadataIsPublished()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[$"{ComputePlacementOptions.Section}:Policy"] = "Require";
        builder.Configuration[$"{ComputePlacementOptions.Section}:CudaDevices"] = "2";
        builder.Configuration[$"{ComputePlacementOptions.Section}:CudaMemoryBytes"] = "1024";
        builder.Configuration["Orleans:Metadata:zone"] = "rack-7";
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering().AddLseComputePlacement();
            silo.Services.Configure<ComputePlacementOptions>(o => o.CudaDevices = 3);
        });
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<ComputePlacementOptions>>().Value;
        Assert.Equal(CudaPlacementPolicy.Require, options.Policy);
        Assert.Equal(3, options.CudaDevices);
        Assert.Equal(1024, options.CudaMemoryBytes);

        // What the silo would publish: the compute keys and the operator's own metadata.
        var metadata = host.Services.GetRequiredService<IOptions<SiloMetadata>>().Value.Metadata;
        Assert.Equal("rack-7", metadata["zone"]);
        Assert.Equal("3", metadata[ComputeMetadataKeys.CudaDevices]);
        Assert.Equal("1024", metadata[ComputeMetadataKeys.CudaMemory]);
        Assert.Equal(new CudaCapacity(3, 1024), CudaCapacity.FromMetadata(host.Services.GetRequiredService<IOptions<SiloMetadata>>().Value));
    }

    [Fact]
    public void Detection_WithoutOverrides_MatchesTorchSharp()
    {
        var capacity = new LocalCudaCapacity(Options.Create(new ComputePlacementOptions()), NullLogger<LocalCudaCapacity>.Instance).Capacity;

        Assert.Equal(ComputeDevice.CudaDeviceCount, capacity.Devices);
        Assert.True(capacity.MemoryBytes >= 0);
        if (capacity.Devices == 0)
        {
            Assert.Equal(0, capacity.MemoryBytes);
        }
    }

    [Fact]
    public void NvidiaSmiOutput_IsSummedInBytes()
    {
        Assert.Equal(2 * 81559L * 1024 * 1024, CudaDeviceDetector.ParseTotalMemoryBytes("81559\n81559\n"));
        Assert.Equal(0, CudaDeviceDetector.ParseTotalMemoryBytes(""));
        Assert.Null(CudaDeviceDetector.ParseTotalMemoryBytes("[N/A]\n"));
    }

    [Fact]
    public void Metadata_IsInvariantIntegers_AndMissingKeysMeanNoCuda()
    {
        var published = new CudaCapacity(2, 3L << 30).ToMetadata().ToDictionary(static kv => kv.Key, static kv => kv.Value);
        Assert.Equal("2", published[ComputeMetadataKeys.CudaDevices]);
        Assert.Equal((3L << 30).ToString(CultureInfo.InvariantCulture), published[ComputeMetadataKeys.CudaMemory]);

        Assert.Equal(CudaCapacity.None, CudaCapacity.FromMetadata(SiloMetadata.Empty));
    }
}
