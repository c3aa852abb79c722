using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

/// <summary>The convolutional VAE for 28x28 grey images: its shapes, its ELBO training, and LSE through it.</summary>
[Trait(TestCategory.Name, TestCategory.Mnist)]
[Collection(MnistModelsCollection.Name)]
public sealed class ConvVaeTests(MnistModelsFixture models)
{
    [Fact]
    public void AConvolutionalVaeTrainsOnDigitsAndExplainsTheClassifiersMistakes()
    {
        using var vae = Trainer.Seeded(4, () => (ConvVae)ModelFactory.Create(ModelKind.ConvVae, 8));
        Assert.Equal(ImageShape.Mnist, vae.ImageShape);
        using (var x = models.TestImages.narrow(0, 0, 3))
        using (var z = vae.EncodeMean(x))
        using (var decoded = vae.Decode(z))
        {
            Assert.Equal([3L, 8], z.shape);
            Assert.Equal([3L, 1, 28, 28], decoded.shape);
        }

        // Trained briefly on 6,000 training digits as the fixture's models are, then measured on its test images.
        var untrained = Trainer.EvaluateVae(vae, models.TestImages);
        var data = new DatasetCatalog(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")).Load("mnist");
        using var trainX = TensorData.Images(data.Train.Take(6000));
        var trained = Trainer.TrainVae(vae, trainX, models.TestImages, new TrainingOptions { Epochs = 2, Seed = 4 });
        Assert.True(trained.Elbo > untrained.Elbo + 100, $"ELBO {untrained.Elbo:F1} untrained, {trained.Elbo:F1} after training (nats per image)");

        // LSE through it: the classifier's mistakes among the test images, searched in one batch; some explained (on this
        // briefly trained pair 3 of 8 when measured; the full reproduction explains every mistake, see the README).
        var engine = new LatentSearchEngine(models.Classifier, vae, CPU);
        var predicted = engine.Predict(models.TestImages);
        var wrong = Enumerable.Range(0, models.Test.Count).Where(i => predicted[i] != models.Test.Labels[i]).Take(8).ToList();
        Assert.NotEmpty(wrong);
        using var images = models.TestImages.index_select(0, tensor(wrong.Select(i => (long)i).ToArray()));
        var results = engine.Run(images, [.. wrong.Select((i, row) => SearchItem.Lse(i, row, models.Test.Labels[i]))], SearchOptions.Improved);
        Assert.True(results.Count(r => r.Success) >= 1, $"{results.Count(r => r.Success)} of {results.Count} explained");
        Assert.All(results.Where(r => r.Success), r => Assert.Equal(r.TrueLabel, r.FinalPrediction));
    }
}
