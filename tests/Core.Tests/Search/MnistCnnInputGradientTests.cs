using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class MnistCnnInputGradientTests
{
    // The hand-written backward must give autograd's input gradient for any loss on the logits, and the forward's exact logits.
    [Fact]
    public void MatchesAutogradsInputGradient() => AssertMatchesAutogradsInputGradient(TinyModels.Cpu());

    // The same CNN on colour images of another size with two classes: the phase kernels take any channel count and size.
    [Fact]
    public void MatchesAutogradsInputGradientOnColourImages() => AssertMatchesAutogradsInputGradient(TinyModels.Cpu(), new ImageShape(3, 32, 36), classes: 2);

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Cuda)]
    public void MatchesAutogradsInputGradientOnCuda() => AssertMatchesAutogradsInputGradient(TinyModels.Cuda());

    private static void AssertMatchesAutogradsInputGradient(Device device, ImageShape? shape = null, int classes = 10)
    {
        var (mnist, _) = TinyModels.Create(latentSize: 2, seed: 12);
        manual_seed(12);
        var classifier = shape is { } other ? new MnistCnn(classes, other) : mnist;
        classifier.eval();
        classifier.to(device);
        foreach (var p in classifier.parameters())
        {
            p.requires_grad = false;
        }

        using var scope = NewDisposeScope();
        var images = (shape is { } s ? rand(s.Batch(24), generator: new Generator(13)) : TinyModels.Images(24, seed: 13)).to(device);
        var logitGradient = randn([24, classes], generator: new Generator(14)).to(device);

        var input = images.detach().requires_grad_(true);
        var expectedLogits = classifier.forward(input);
        expectedLogits.backward([logitGradient]);
        var expected = input.grad!.detach();

        Tensor? seen = null;
        var (logits, gradient) = classifier.CreateInputGradient().Backpropagate(images, l =>
        {
            seen = l;
            return logitGradient;
        });

        Assert.Equal(expectedLogits.detach().cpu().data<float>().ToArray(), logits.cpu().data<float>().ToArray());
        Assert.Same(logits, seen);
        Assert.Equal(expected.shape, gradient.shape);
        double scale = expected.abs().max().item<float>();
        double error = (gradient - expected).abs().max().item<float>();
        Assert.True(scale > 1e-3, "the test's gradient is degenerate");
        Assert.True(error <= 1e-5 * scale, $"the input gradient differs from autograd's by {error} (largest {scale})");
    }

    [Fact]
    public void RefusesTrainingMode()
    {
        var (classifier, _) = TinyModels.Create(latentSize: 2);
        classifier.train();
        var error = Assert.Throws<InvalidOperationException>(() => classifier.CreateInputGradient());
        Assert.Contains("eval", error.Message, StringComparison.Ordinal);
    }
}
