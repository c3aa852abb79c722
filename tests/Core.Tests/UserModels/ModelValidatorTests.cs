using System.Text.Json.Nodes;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.UserModels;

/// <summary>Each way a user's model can be unusable gives an error that names the file and the problem.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ModelValidatorTests
{
    [Fact]
    public void TheShapesModelPassesAndMeasuresItsReconstruction()
    {
        using var model = UserModel.Load(TorchScriptFixtures.File("shapes", "manifest.json"));
        using var sample = rand(8, 3, 32, 32);
        var check = ModelValidator.Check(model, sample, maxReconstructionError: 1);
        Assert.Equal(3, check.ClassCount);
        Assert.Equal(8, check.LatentSize);
        Assert.Equal(8, check.SampleImages);
        Assert.InRange(check.ReconstructionError!.Value, 1e-6, 1);
        Assert.True(check.LatentGradient > 0);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        string path = ManifestFiles.Write(dir.Path, ManifestFiles.Shapes(), "shapes/classifier.pt", "shapes/encoder.pt");
        var error = Assert.Throws<UserModelException>(() => UserModel.Load(path));
        Assert.Contains(dir.File("decoder.pt"), error.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotTorchScriptIsNamed()
    {
        using var dir = new TempDirectory();
        var manifest = ManifestFiles.Shapes();
        manifest["classifier"]!["file"] = "not-torchscript.pt";
        string path = ManifestFiles.Write(dir.Path, manifest, [.. ManifestFiles.ShapesFiles, "broken/not-torchscript.pt"]);
        var error = Assert.Throws<UserModelException>(() => UserModel.Load(path));
        Assert.Contains(dir.File("not-torchscript.pt"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not a TorchScript archive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rank-classifier.pt", "returned [4] for 4 images; expected [4, 3]")]
    [InlineData("nan-classifier.pt", "NaN or infinite logits")]
    [InlineData("double-classifier.pt", "returned Float64 values; the engine computes in float32")]
    public void ABadClassifierIsNamed(string file, string problem)
    {
        var error = CheckWith(m => m["classifier"]!["file"] = file, "broken/" + file);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreClassNamesThanLogitsIsNamed()
    {
        var error = CheckWith(m => m["classNames"] = new JsonArray("circle", "square", "triangle", "star"));
        Assert.Contains("classifier.pt returned [4, 3] for 4 images; expected [4, 4] (one logit per class name)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecoderOfAnotherImageSizeIsNamed()
    {
        var error = CheckWith(m => m["latent"]!["decoder"] = "small-decoder.pt", "broken/small-decoder.pt");
        Assert.Contains("small-decoder.pt (forward) returned [4, 3, 28, 28] for 4 latents; the classifier takes [4, 3, 32, 32]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEncoderOfAnotherLatentSizeIsNamed()
    {
        var error = CheckWith(m => m["latent"]!["latentSize"] = 6);
        Assert.Contains("encoder.pt (forward) returned a mean of shape [4, 8] for 4 images; expected [4, 6] (latentSize)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEncoderOutputThatIsNotAsDeclaredIsNamed()
    {
        var error = CheckWith(m => m["latent"]!["encoderOutput"] = "mean");
        Assert.Contains("encoder.pt (forward) returned a tuple of 2; expected one tensor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADecoderThatCutsTheGradientIsRefused()
    {
        var error = CheckWith(m => m["latent"]!["decoder"] = "detached-decoder.pt", "broken/detached-decoder.pt");
        Assert.Contains("No gradient reaches the latent through detached-decoder.pt and classifier.pt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReconstructionAboveTheLimitIsRefusedUnlessTheLimitIsRaised()
    {
        // The MNIST fixture's VAE is untrained: its sigmoid outputs sit near 0.5 whatever the image.
        using var model = UserModel.Load(TorchScriptFixtures.File("mnist", "manifest.json"));
        using var images = rand(new long[] { 16, 1, 28, 28 }, generator: new TorchSharp.torch.Generator(3)).gt(0.5).to(float32);
        var error = Assert.Throws<UserModelException>(() => ModelValidator.Check(model, images));
        Assert.Contains("vae.pt (decode): the reconstruction g(e(x)) misses the images by a mean squared error of", error.Message, StringComparison.Ordinal);
        Assert.Contains("above the limit 0.05", error.Message, StringComparison.Ordinal);

        var check = ModelValidator.Check(model, images, maxReconstructionError: 1);
        Assert.InRange(check.ReconstructionError!.Value, 0.05, 1);
    }

    private static UserModelException CheckWith(Action<JsonObject> change, params string[] extraFiles)
    {
        using var dir = new TempDirectory();
        var manifest = ManifestFiles.Shapes();
        change(manifest);
        string path = ManifestFiles.Write(dir.Path, manifest, [.. ManifestFiles.ShapesFiles, .. extraFiles]);
        return Assert.Throws<UserModelException>(() =>
        {
            using var model = UserModel.Load(path);
            ModelValidator.Check(model);
        });
    }
}
