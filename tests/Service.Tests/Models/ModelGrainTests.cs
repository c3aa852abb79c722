using Orleans.Lse.Grains.Models;
using Orleans.Lse.Service.Tests.Campaigns;

namespace Orleans.Lse.Service.Tests.Models;

[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class ModelGrainTests(ServiceClusterFixture fixture)
{
    private static readonly ModelSpec TinyVae = new() { Dataset = "mnist", Role = ModelRole.Vae, LatentSize = 3, Epochs = 1, TrainLimit = 1500, Seed = 4 };

    [Fact]
    public async Task TrainingRunsInTheBackgroundAndASecondRequestReusesTheCheckpoint()
    {
        var grain = fixture.Client.GetGrain<IModelGrain>(TinyVae.Key);
        var started = await grain.Train(TinyVae);
        Assert.Contains(started.Phase, new[] { ModelPhase.Training, ModelPhase.Ready });

        var ready = await WaitReady(grain);
        Assert.Equal(ModelPhase.Ready, ready.Phase);
        Assert.Equal(64, ready.WeightsSha256!.Length);
        Assert.True(ready.Metrics.ContainsKey("test_elbo"));
        Assert.True(File.Exists(ready.CheckpointPath + ".weights"), ready.CheckpointPath);

        var again = await grain.Train(TinyVae);
        Assert.Equal(ModelPhase.Ready, again.Phase);
        Assert.Equal(ready.WeightsSha256, again.WeightsSha256);
    }

    [Fact]
    public async Task UnknownIdsAndMismatchedSpecsAreClearErrors()
    {
        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => fixture.Client.GetGrain<IModelGrain>("mnist/vae/d99/e0/n0/s0").GetStatus());
        Assert.Contains("Unknown model id", unknown.Message);

        var mismatch = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IModelGrain>("some-other-key").Train(TinyVae));
        Assert.Contains("does not match", mismatch.Message);

        var badD = TinyVae with { LatentSize = 0 };
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IModelGrain>(badD.Key).Train(badD));
        Assert.Contains("latent size", invalid.Message);
    }

    private static Task<ModelStatus> WaitReady(IModelGrain grain) =>
        Probe.Until("training", $"model grain {grain.GetPrimaryKeyString()}", "no longer Training", grain.GetStatus, s => s.Phase != ModelPhase.Training, TimeSpan.FromMinutes(3));
}
