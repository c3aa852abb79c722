using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Faces;

/// <summary>The face models: one trait network viewed per trait as a two-class classifier, a convolutional VAE, both trained on the drawn-face fixture.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class FaceModelTests
{
    [Fact]
    public void ATraitViewIsTheTwoClassClassifierOfItsLogit()
    {
        using var net = Trainer.Seeded(1, () => new FaceTraitNet(["Male", "Smiling", "Eyeglasses"], imageSize: 32));
        using var x = rand(4, 3, 32, 32);
        using var logits = net.forward(x);
        var view = net.Trait(1);

        using var two = view.forward(x);

        Assert.Equal([4L, 2], two.shape);
        Assert.Equal(2, view.ClassCount);
        Assert.All(two[.., 0].data<float>().ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(logits[.., 1].data<float>().ToArray(), two[.., 1].data<float>().ToArray());
        using var probability = nn.functional.softmax(two, 1)[.., 1];
        using var sigmoid = logits[.., 1].sigmoid();
        Assert.True(probability.allclose(sigmoid, rtol: 1e-5, atol: 1e-6));

        // Disposing a view leaves the shared network working.
        view.Dispose();
        using var again = net.forward(x);
        Assert.True(again.allclose(logits, rtol: 0, atol: 0));
    }

    [Fact]
    public void TheConvolutionalVaeMapsFacesToLatentsAndBack()
    {
        using var vae = Trainer.Seeded(2, () => new ConvVae(latentSize: 16, imageSize: 32));
        using var x = rand(3, 3, 32, 32);

        using var z = vae.EncodeMean(x);
        using var decoded = vae.Decode(z);

        Assert.Equal([3L, 16], z.shape);
        Assert.Equal([3L, 3, 32, 32], decoded.shape);
        Assert.True(decoded.ge(0).all().item<bool>() && decoded.le(1).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConvVae(16, imageSize: 42));
    }
}

/// <summary>The face models trained on the drawn-face fixture, and LSE per trait on them.</summary>
[Trait(TestCategory.Name, TestCategory.Faces)]
public sealed class FaceFixtureTests
{
    [Fact]
    public void TrainedOnTheFixtureTheModelsLearnTheTraitsAndTheFaces()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 1500, seed: 4);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { ImageSize = 32 });
        var options = new TrainingOptions { Epochs = 12, BatchSize = 32, LearningRate = 2e-3, Seed = 4 };
        string[] traits = ["Eyeglasses", "Sideburns", "Mustache", "Rosy_Cheeks", "Smiling"];
        var (net, vae) = Trainer.Seeded(4, () => (new FaceTraitNet(traits, imageSize: 32), new ConvVae(latentSize: 32, imageSize: 32)));
        using var netOwner = net;
        using var vaeOwner = vae;

        var accuracy = FaceTraining.TrainTraits(net, data, options);
        double mse = FaceTraining.ReconstructionError(vae, data, data.Indices(CelebaSplit.Test));
        double trained = FaceTraining.TrainVae(vae, data, options);

        // Glasses are large, dark and always in one place: learnt well beyond guessing the majority.
        var test = data.Indices(CelebaSplit.Test);
        int glasses = 0;
        int column = data.Annotations.AttributeIndex("Eyeglasses");
        double share = test.Count(i => data.Annotations.Has(i, column)) / (double)test.Count;
        Assert.True(accuracy[glasses] > Math.Max(share, 1 - share) + 0.1, $"Eyeglasses: {accuracy[glasses]:P1} against a majority of {Math.Max(share, 1 - share):P1}; all: {string.Join(", ", accuracy.Select(a => a.ToString("P0")))}");
        Assert.True(trained < mse * 0.8, $"reconstruction MSE {trained:F4} after training against {mse:F4} before");

        // LSE per trait: the searches are on misclassified images, and successes flip the trait's prediction to the truth.
        string output = dir.File("out");
        var results = TraitExplanation.Run(net, vae, data, imagesPerTrait: 10, SearchOptions.Improved with { MaxSteps = 300 }, output);
        Assert.Equal(traits, results.Select(r => r.Trait));
        var searched = results.SelectMany(r => r.Searches).ToList();
        Assert.NotEmpty(searched);
        // Chosen from one batched pass; the engine's own first verdict may differ where a logit is within rounding of 0.
        Assert.True(searched.Count(s => s.InitialPrediction != s.TrueLabel) >= searched.Count - 1, "the searches are on misclassified images");
        Assert.All(searched.Where(s => s.Success), s => Assert.Equal(s.TrueLabel, s.FinalPrediction));
        string outcome = "successes: " + string.Join(", ", results.Select(r => $"{r.Trait} {r.Successes}/{r.Searches.Count} of {r.Misclassified}"));
        Assert.True(searched.Count(s => s.Success) >= 3, outcome);

        Assert.Contains("| Eyeglasses", TraitExplanation.Table(results), StringComparison.Ordinal);

        // Pushed across its boundary (LAE on correctly classified test images), the glasses classifier, which has learnt a
        // trait drawn independently of the others, is moved where glasses are drawn: the mean perturbation towards glasses
        // is larger there than elsewhere.
        var engine = new LatentSearchEngine(net.Trait(0), vae);
        var pairs = test.Select(i => (Image: i, Label: data.Annotations.Has(i, column) ? 1 : 0)).Take(48).ToList();
        using (var images = data.Images([.. pairs.Select(p => p.Image)]))
        {
            var lae = engine.Run(images, [.. pairs.Select((p, row) => SearchItem.Lae(p.Image, row, p.Label, 1 - p.Label))], SearchOptions.Improved with { MaxSteps = 300 });
            var pushed = lae.Where(r => r.Success && r.InitialPrediction == r.TrueLabel).ToList();
            Assert.True(pushed.Count >= 6, $"{pushed.Count} of {lae.Count} LAE searches on glasses succeeded");
            double ratio = TowardsTrait(pushed, FaceRegions.Mask("Eyeglasses", 32));
            Assert.True(ratio > 1.1, $"the mean perturbation towards glasses is {ratio:F2}x larger inside their region than outside");
        }

        // A gallery for each trait with searches, a bias heatmap for each with two successes or more, nothing else.
        var expected = results.Where(r => r.Searches.Count > 0).Select(r => $"gallery-{r.Trait}.png")
            .Concat(results.Where(r => r.Successes >= 2).Select(r => $"bias-{r.Trait}.png")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The mean over searches of the perturbation towards the trait (x' - x where the target has it, x - x' where it
    /// does not), per pixel |mean| averaged over channels, inside <paramref name="region"/> against outside. One search's
    /// colour shifts cancel in the mean, as in a bias heatmap; what every search does to the trait adds up.
    /// </summary>
    private static double TowardsTrait(IReadOnlyList<SearchResult> searches, bool[] region)
    {
        int plane = region.Length;
        var mean = new double[3 * plane];
        foreach (var s in searches)
        {
            double sign = s.Target == 1 ? 1 : -1;
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] += sign * s.Delta[i] / searches.Count;
            }
        }

        double inside = 0, outside = 0;
        for (int p = 0; p < plane; p++)
        {
            double magnitude = (Math.Abs(mean[p]) + Math.Abs(mean[plane + p]) + Math.Abs(mean[(2 * plane) + p])) / 3;
            (inside, outside) = region[p] ? (inside + magnitude, outside) : (inside, outside + magnitude);
        }

        int count = region.Count(m => m);
        return inside / count / (outside / (plane - count));
    }
}
