using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Orleans.Lse.Core.Tests.Search;

/// <summary>
/// The engine on models it was not written for: 3x32x32 colour images, two classes (a binary trait), latent size 64,
/// through nothing but the model contracts. The classifier and auto-encoder below are defined here, as a user would
/// define theirs, and take the autograd path (no hand-written gradient).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class OtherShapeSearchTests
{
    private static readonly ImageShape Shape = new(3, 32, 32);

    [Fact]
    public void LseAndLaeRunEndToEndOnColourImagesWithTwoClasses() => AssertLseAndLae(TinyModels.Cpu());

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Cuda)]
    public void LseAndLaeRunEndToEndOnColourImagesWithTwoClassesOnCuda() => AssertLseAndLae(TinyModels.Cuda());

    [Fact]
    public void BuiltInModelsTakeOtherShapesToo()
    {
        TorchRuntime();
        manual_seed(5);
        using var classifier = new MnistCnn(classes: 2, inputShape: Shape);
        using var vae = new Vae(64, Shape);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = Images(6, seed: 3);
        var predicted = engine.Predict(images);

        var results = engine.Run(images, predicted.Select((p, i) => SearchItem.Lae(i, i, p, 1 - p)).ToList(), SearchOptions.Paper with { MaxSteps = 5, StopRules = false });

        Assert.All(results, r => Assert.Equal(Shape.Values, r.Perturbed.Length));
        Assert.All(results, r => Assert.Equal(2, r.Probabilities.Length));
        Assert.Throws<ArgumentException>(() => new MnistCnn(inputShape: new ImageShape(3, 30, 30)));
    }

    [Fact]
    public void MismatchedShapesAndLabelsAreClearErrors()
    {
        var (classifier, latent) = Create(seed: 1);
        using var mnistVae = new Vae(4);
        var mismatch = Assert.Throws<ArgumentException>(() => new LatentSearchEngine(classifier, mnistVae));
        Assert.Contains("3x32x32", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("1x28x28", mismatch.Message, StringComparison.Ordinal);

        var engine = new LatentSearchEngine(classifier, latent);
        using var gray = zeros(2, 1, 28, 28);
        var shape = Assert.Throws<ArgumentException>(() => engine.Run(gray, [SearchItem.Lae(0, 0, 0, 1)], SearchOptions.Paper));
        Assert.Contains("[N, 3, 32, 32]", shape.Message, StringComparison.Ordinal);

        using var images = Images(2, seed: 1);
        var label = Assert.Throws<ArgumentException>(() => engine.Run(images, [SearchItem.Lae(0, 0, 0, 2)], SearchOptions.Paper));
        Assert.Contains("0..1", label.Message, StringComparison.Ordinal);
    }

    private static void AssertLseAndLae(Device device)
    {
        var (classifier, latent) = Create(seed: 2);
        var engine = new LatentSearchEngine(classifier, latent, device);
        using var images = Images(24, seed: 4);
        var predicted = engine.Predict(images);

        // Each image as a mistake (its true label the other class: LSE) and as a correct prediction pushed away (LAE).
        var items = predicted.Select((p, i) => SearchItem.Lse(i, i, 1 - p)).Concat(predicted.Select((p, i) => SearchItem.Lae(100 + i, i, p, 1 - p))).ToList();
        var options = SearchOptions.Paper with { MaxSteps = 200, StepSize = 1 };
        var results = engine.Run(images, items, options);

        Assert.Equal(items.Count, results.Count);
        int successes = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var r = results[i];
            Assert.Equal(items[i].Id, r.Id);
            Assert.Equal(Shape.Values, r.Perturbed.Length);
            Assert.Equal(Shape.Values, r.Delta.Length);
            Assert.Equal(64, r.Eps.Length);
            Assert.Equal(2, r.Probabilities.Length);
            Assert.Equal(1f, r.Probabilities.Sum(), 4);
            Assert.Equal(predicted[items[i].ImageRow], r.InitialPrediction);
            Assert.Equal(r.Success, r.FinalPrediction == items[i].Target);
            successes += r.Success ? 1 : 0;

            // x' is equation 1 at the reported eps, and its class is the reported one.
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var x = images[items[i].ImageRow].unsqueeze(0).to(device);
            var z = latent.EncodeMean(x);
            var expected = latent.Decode(z + tensor(r.Eps, device: device).unsqueeze(0)) + x - latent.Decode(z);
            var reported = tensor(r.Perturbed, device: device).reshape(Shape.Batch(1));
            Assert.True((expected - reported).abs().max().item<float>() < 1e-5f, $"search {r.Id}: x' is not g(z + eps) + x - g(z)");
            Assert.Equal(r.FinalPrediction, (int)classifier.forward(reported).argmax(1).item<long>());
            var delta = tensor(r.Delta, device: device).reshape(Shape.Batch(1));
            Assert.True((reported - x - delta).abs().max().item<float>() < 1e-6f, $"search {r.Id}: x' - x is not the reported explanation");
        }

        Assert.True(successes >= items.Count / 2, $"only {successes} of {items.Count} searches flipped the binary prediction");
    }

    private static void TorchRuntime() => Orleans.Lse.Core.Devices.TorchRuntime.EnsureInitialized();

    private static (TinyColourClassifier Classifier, TinyConvAutoencoder Latent) Create(int seed)
    {
        TorchRuntime();
        manual_seed(seed);
        var classifier = new TinyColourClassifier();
        var latent = new TinyConvAutoencoder();
        classifier.eval();
        latent.eval();
        return (classifier, latent);
    }

    /// <summary>n colour images in [0, 1]: blurred noise, deterministic for the seed.</summary>
    private static Tensor Images(int n, int seed)
    {
        using var noise = rand(Shape.Batch(n), generator: new Generator((ulong)seed));
        return functional.avg_pool2d(noise, 3, stride: 1, padding: 1).clamp(0, 1);
    }

    /// <summary>A user's binary classifier: one strided convolution and a linear layer.</summary>
    private sealed class TinyColourClassifier : ImageClassifier
    {
        private readonly Conv2d conv;
        private readonly Linear fc;

        public TinyColourClassifier() : base(nameof(TinyColourClassifier), Shape, 2)
        {
            conv = Conv2d(3, 8, 3, stride: 2, padding: 1);
            fc = Linear(8 * 16 * 16, 2);
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var scope = NewDisposeScope();
            return fc.forward(functional.relu(conv.forward(input)).flatten(1)).mul(4).MoveToOuterDisposeScope();
        }
    }

    /// <summary>A user's auto-encoder with a 64-D latent: a linear encoder and a transposed-convolution decoder.</summary>
    private sealed class TinyConvAutoencoder : LatentModel
    {
        private readonly Linear encoder;
        private readonly Linear expand;
        private readonly ConvTranspose2d up;

        public TinyConvAutoencoder() : base(nameof(TinyConvAutoencoder), Shape, 64)
        {
            encoder = Linear(Shape.Values, 64);
            expand = Linear(64, 8 * 16 * 16);
            up = ConvTranspose2d(8, 3, 4, stride: 2, padding: 1);
            RegisterComponents();
        }

        public override Tensor EncodeMean(Tensor images)
        {
            using var scope = NewDisposeScope();
            return encoder.forward(images.flatten(1)).MoveToOuterDisposeScope();
        }

        public override Tensor Decode(Tensor latents)
        {
            using var scope = NewDisposeScope();
            var h = functional.relu(expand.forward(latents)).view(-1, 8, 16, 16);
            return functional.sigmoid(up.forward(h).mul(4)).MoveToOuterDisposeScope();
        }
    }
}
