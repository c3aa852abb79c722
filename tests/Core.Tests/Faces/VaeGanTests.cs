using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.Tests.Search;
using Orleans.Lse.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Faces;

/// <summary>The VAE-GAN (its shapes, its three parameter sets) and face models saved once and loaded after.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class VaeGanTests
{
    [Fact]
    public void TheVaeGanMapsFacesToLatentsAndBackAndItsDiscriminatorJudgesThem()
    {
        using var model = Trainer.Seeded(5, () => new VaeGan(latentSize: 24, imageSize: 32, width: 8));
        model.eval();
        using var x = rand(3, 3, 32, 32);

        using var z = model.EncodeMean(x);
        using var decoded = model.Decode(z);
        using var features = model.Discriminator.Features(x);
        using var logits = model.Discriminator.forward(x);
        using var judged = model.Discriminator.Judge(features);

        Assert.Equal([3L, 24], z.shape);
        Assert.Equal([3L, 3, 32, 32], decoded.shape);
        Assert.True(decoded.ge(0).all().item<bool>() && decoded.le(1).all().item<bool>());
        Assert.Equal([3L, 32, 4, 4], features.shape);
        Assert.Equal([3L], logits.shape);
        Assert.True(judged.allclose(logits, rtol: 0, atol: 0), "Judge(Features(x)) is forward(x)");

        // Encoder, decoder and discriminator split the module's parameters between them, none shared, none left out.
        var (encoder, decoder) = model.GeneratorParameters();
        var parts = encoder.Concat(decoder).Concat(model.Discriminator.parameters()).Select(p => p.Handle).ToList();
        Assert.Equal(parts.Count, parts.Distinct().Count());
        Assert.Equal(model.parameters().Select(p => p.Handle).Order(), parts.Order());

        Assert.Throws<ArgumentOutOfRangeException>(() => new VaeGan(24, imageSize: 36, width: 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VaeGan(24, imageSize: 32, width: 7));
    }

    [Fact]
    public void AFaceModelIsTrainedOnceSavedWithWhatMadeItAndLoadedAfter()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 120, seed: 6);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { ImageSize = 16 });
        var spec = new FaceModelSpec(ModelKind.VaeGan, LatentSize: 12, Width: 4);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, TrainLimit = 48, Seed = 6 };
        int trainings = 0;
        IReadOnlyDictionary<string, double> Train(VaeGan m)
        {
            trainings++;
            var metrics = VaeGanTraining.Train(m, data, options);
            return new Dictionary<string, double> { ["testReconstructionMse"] = metrics.ReconstructionMse };
        }

        string models = dir.File("models");
        var first = FaceCheckpoints.LoadOrTrain<VaeGan>(models, data, spec, options, Train);
        using var firstOwner = first.Model;
        var again = FaceCheckpoints.LoadOrTrain<VaeGan>(models, data, spec, options, Train);
        using var againOwner = again.Model;

        Assert.False(first.Loaded);
        Assert.True(again.Loaded);
        Assert.Equal(1, trainings);
        Assert.Equal(first.Path, again.Path);
        Assert.Equal((ModelKind.VaeGan, 12, 16, 4), (again.Metadata.Kind, again.Metadata.LatentSize, again.Metadata.ImageSize, again.Metadata.Width));
        Assert.Equal(FaceCheckpoints.DataChecksum(data), again.Metadata.DatasetChecksum);
        Assert.Equal(options, again.Metadata.Training);
        Assert.Equal(VaeGanTraining.Evaluate(again.Model, data, data.Indices(CelebaSplit.Test)).ReconstructionMse, again.Metadata.Metrics["testReconstructionMse"], 6);
        using (var x = data.Images([.. data.Indices(CelebaSplit.Test).Take(4)]))
        using (no_grad())
        {
            first.Model.eval();
            using var a = first.Model.Decode(first.Model.EncodeMean(x));
            using var b = again.Model.Decode(again.Model.EncodeMean(x));
            Assert.True(a.allclose(b, rtol: 0, atol: 0), "the loaded model decodes as the trained one did");
        }

        // Same settings in another folder: the same weights, trained again. Another seed: another model, beside it.
        var twin = FaceCheckpoints.LoadOrTrain<VaeGan>(dir.File("twin"), data, spec, options, Train);
        twin.Model.Dispose();
        Assert.Equal(first.Metadata.WeightsSha256, twin.Metadata.WeightsSha256);
        var reseeded = FaceCheckpoints.LoadOrTrain<VaeGan>(models, data, spec, options with { Seed = 7 }, Train);
        reseeded.Model.Dispose();
        Assert.False(reseeded.Loaded);
        Assert.NotEqual(first.Path, reseeded.Path);
        Assert.Equal(3, trainings);

        // A trait network keeps its traits; a damaged file is named, not loaded.
        var traits = FaceModelSpec.TraitNet(["Smiling", "Eyeglasses"]);
        var net = FaceCheckpoints.LoadOrTrain<FaceTraitNet>(models, data, traits, options, _ => new Dictionary<string, double>());
        net.Model.Dispose();
        var loadedNet = FaceCheckpoints.LoadOrTrain<FaceTraitNet>(models, data, traits, options, _ => throw new InvalidOperationException("trained twice"));
        loadedNet.Model.Dispose();
        Assert.Equal(["Smiling", "Eyeglasses"], loadedNet.Model.Traits);
        File.WriteAllBytes(CheckpointStore.WeightsPath(first.Path), [1, 2, 3]);
        var error = Assert.Throws<CheckpointException>(() => FaceCheckpoints.LoadOrTrain<VaeGan>(models, data, spec, options, Train));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallersAskingForTheSameFaceModelAtOnceTrainItOnceAndShareIt()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 60, seed: 8);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { ImageSize = 16 });
        var traits = FaceModelSpec.TraitNet(["Smiling"]);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, TrainLimit = 16, Seed = 8 };
        using var training = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int trainings = 0;
        IReadOnlyDictionary<string, double> Train(FaceTraitNet net)
        {
            Interlocked.Increment(ref trainings);
            training.Set();
            // Holds the training open until the second caller is known to be waiting for it.
            Assert.True(release.Wait(TimeSpan.FromMinutes(1)), "the second caller never came");
            return new Dictionary<string, double>();
        }

        var first = Task.Factory.StartNew(() => FaceCheckpoints.LoadOrTrain<FaceTraitNet>(dir.File("models"), data, traits, options, Train), TaskCreationOptions.LongRunning);
        Assert.True(training.Wait(TimeSpan.FromMinutes(1)), "the first caller never started training");
        var second = Task.Factory.StartNew(() => FaceCheckpoints.LoadOrTrain<FaceTraitNet>(dir.File("models"), data, traits, options, Train), TaskCreationOptions.LongRunning);

        // The second waits on the first's lock (finishing while the first trains would be the bug) and then loads its model.
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(300))));
        release.Set();
        var (a, b) = (await first, await second);
        a.Model.Dispose();
        b.Model.Dispose();
        Assert.Equal(1, trainings);
        Assert.Equal((false, true), (a.Loaded, b.Loaded));
        Assert.Equal(a.Metadata.WeightsSha256, b.Metadata.WeightsSha256);
    }
}

/// <summary>Face models trained on the device they are given, and saved from there.</summary>
public sealed class FaceTrainingDeviceTests
{
    [Fact]
    [Trait(TestCategory.Name, TestCategory.Fast)]
    public void AVaeGanTrainsAndIsSavedOnTheCpu() => AssertTrainsOn(TinyModels.Cpu());

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Cuda)]
    public void AVaeGanTrainsAndIsSavedOnCuda() => AssertTrainsOn(TinyModels.Cuda());

    private static void AssertTrainsOn(Device device)
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 80, seed: 9);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { ImageSize = 16 });
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, TrainLimit = 32, Seed = 9 };
        var spec = new FaceModelSpec(ModelKind.VaeGan, LatentSize: 8, Width: 4);
        DeviceType? trainedOn = null;
        var trained = FaceCheckpoints.LoadOrTrain<VaeGan>(dir.Path, data, spec, options, m =>
        {
            trainedOn = m.parameters().First().device_type;
            var metrics = VaeGanTraining.Train(m, data, options);
            return new Dictionary<string, double> { ["testReconstructionMse"] = metrics.ReconstructionMse };
        }, device);
        using var trainedOwner = trained.Model;
        var loaded = FaceCheckpoints.LoadOrTrain<VaeGan>(dir.Path, data, spec, options, _ => throw new InvalidOperationException("trained twice"), device);
        using var loadedOwner = loaded.Model;

        Assert.Equal(device.type, trainedOn);
        Assert.All(trained.Model.parameters().Concat(loaded.Model.parameters()), p => Assert.Equal(device.type, p.device_type));
        Assert.True(double.IsFinite(trained.Metadata.Metrics["testReconstructionMse"]));
        using var x = data.Images([.. data.Indices(CelebaSplit.Test).Take(3)]).to(device);
        using var a = trained.Model.Decode(trained.Model.EncodeMean(x));
        using var b = loaded.Model.Decode(loaded.Model.EncodeMean(x));
        Assert.True(a.allclose(b, rtol: 0, atol: 1e-6), "the saved model, loaded on the device, decodes as the trained one");
    }
}

/// <summary>The VAE-GAN trained on the drawn-face fixture.</summary>
[Trait(TestCategory.Name, TestCategory.Faces)]
public sealed class VaeGanFixtureTests
{
    [Fact]
    public void TrainedOnTheFixtureTheVaeGanReconstructsFacesAndItsDiscriminatorTellsSamplesApart()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 800, seed: 8);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { ImageSize = 32 });
        using var model = Trainer.Seeded(8, () => new VaeGan(latentSize: 64, imageSize: 32, width: 16));
        var test = data.Indices(CelebaSplit.Test);
        var before = VaeGanTraining.Evaluate(model, data, test);

        var after = VaeGanTraining.Train(model, data, new TrainingOptions { Epochs = 6, BatchSize = 32, Seed = 8 });

        Assert.True(after.ReconstructionMse < before.ReconstructionMse * 0.5, $"reconstruction MSE {after.ReconstructionMse:F4} after training against {before.ReconstructionMse:F4} before");
        Assert.True(after.DiscriminatorAccuracy > 0.6, $"the discriminator tells test images from prior samples {after.DiscriminatorAccuracy:P1} of the time");
        Assert.True(double.IsFinite(after.ReconstructionMse));
    }
}
