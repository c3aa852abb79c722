using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Training;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Service.Tests.Compute;

[Trait(TestCategory.Name, TestCategory.Mnist)]
public sealed class ModelLibraryTests : IDisposable
{
    private static readonly ModelSpec Vae = new() { Dataset = "mnist", Role = ModelRole.Vae, LatentSize = 2, Epochs = 1, TrainLimit = 1000, Seed = 9 };
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-library-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void ACorruptCheckpointIsAnErrorNamingTheFileAndIsLeftAsItWas()
    {
        var trained = NewLibrary().Get(Vae);
        string weights = CheckpointStore.WeightsPath(trained.CheckpointPath);
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(weights, bytes);

        // A fresh silo's library finds the checkpoint, checks it and refuses it.
        var error = Assert.Throws<CheckpointException>(() => NewLibrary().Get(Vae));

        Assert.Contains(Path.GetFileName(trained.CheckpointPath), error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(weights));
    }

    [Fact]
    public async Task ModelsAskedForAtOnceTrainToTheWeightsTheyGetAlone()
    {
        // A campaign asks for its classifier and its VAEs at once. With the default slots they train one after the other, so
        // neither draws from libtorch's global generator or meets another's thread settings while the other trains.
        var cnn = new ModelSpec { Dataset = "mnist", Role = ModelRole.Cnn, Epochs = 1, TrainLimit = 3000, Seed = 9 };
        var vae = Vae with { TrainLimit = 3000 };
        var together = NewLibrary(new ComputeOptions { Device = "cpu" }, Path.Combine(_data, "together"));
        var both = await Task.WhenAll(Task.Run(() => together.Get(cnn)), Task.Run(() => together.Get(vae)));

        var alone = NewLibrary(new ComputeOptions { Device = "cpu" }, Path.Combine(_data, "alone"));
        Assert.Equal(alone.Get(cnn).WeightsSha256, both[0].WeightsSha256);
        Assert.Equal(alone.Get(vae).WeightsSha256, both[1].WeightsSha256);
    }

    [Fact]
    public void ASecondLibraryReusesTheCheckpoint()
    {
        var first = NewLibrary().Get(Vae);
        var second = NewLibrary().Get(Vae);

        Assert.Equal(first.WeightsSha256, second.WeightsSha256);
        Assert.Equal(first.Metadata!.CreatedUtc, second.Metadata!.CreatedUtc);
    }

    [Fact]
    public void ASpecWithResolvedOptionsTrainsWithThemNotWithTheDefaults()
    {
        var resolved = new TrainingOptions { Epochs = 1, TrainLimit = 500, BatchSize = 64, LearningRate = 2e-3, Seed = 3 };
        var spec = Vae with { Epochs = 0, TrainLimit = 0, Seed = 0, Training = StoredOptions.Serialize(resolved) };

        var trained = NewLibrary().Get(spec);

        Assert.Equal(resolved, trained.Metadata!.Training);
        Assert.NotEqual(Vae.Key, spec.Key);
        Assert.StartsWith("mnist/vae/d2/e0/n0/s0/t", spec.Key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneModelsTrainingDoesNotHoldUpAnother()
    {
        // A's training waits, inside its first progress report, until B is ready: under one silo-wide lock B would
        // never start and the wait would time out.
        var library = NewLibrary();
        var bReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Vae with { Seed = 21 };
        var b = Vae with { Seed = 22 };
        var training = Task.Run(() => library.Get(a, new WaitingSink(bReady.Task)));

        await Task.Run(() => library.Get(b));
        bReady.SetResult();

        Assert.NotEqual((await training).WeightsSha256, library.Get(b).WeightsSha256);
    }

    [Fact]
    public async Task ACancelledTrainingStopsAndLeavesNeitherCheckpointNorSlotBehind()
    {
        // MaxConcurrentTrainings is 2: had a cancelled training kept its slot, the third Get would wait forever.
        var library = NewLibrary();
        var spec = Vae with { Seed = 23 };
        for (int i = 0; i < 2; i++)
        {
            using var cancel = new CancellationTokenSource();
            var sink = new CallbackSink(cancel.Cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() => library.Get(spec, sink, cancel.Token)));
        }

        Assert.False(Directory.Exists(_data) && Directory.EnumerateFiles(_data, "*.weights", SearchOption.AllDirectories).Any(), "a cancelled training left a checkpoint");
        var trained = await Task.Run(() => library.Get(spec)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(CheckpointStore.WeightsPath(trained.CheckpointPath)));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temporary files are harmless.
        }
    }

    private sealed class CallbackSink(Action onReport) : Core.Progress.IProgressSink
    {
        public void Report(Core.Progress.ProgressUpdate update) => onReport();
    }

    private sealed class WaitingSink(Task until) : Core.Progress.IProgressSink
    {
        public void Report(Core.Progress.ProgressUpdate update)
        {
            if (!until.Wait(TimeSpan.FromMinutes(2)))
            {
                throw new TimeoutException("The other model's training never finished while this one trained: training is serialised.");
            }
        }
    }

    // Two slots: these tests are about trainings that overlap.
    private ModelLibrary NewLibrary() => NewLibrary(new ComputeOptions { Device = "cpu", MaxConcurrentTrainings = 2 }, _data);

    private static ModelLibrary NewLibrary(ComputeOptions compute, string data)
    {
        var cluster = Options.Create(new LseClusterOptions { DataDirectory = data, DatasetDirectory = Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets") });
        return new ModelLibrary(cluster, Options.Create(compute), new DatasetPaths(cluster), NullLogger<ModelLibrary>.Instance);
    }
}
