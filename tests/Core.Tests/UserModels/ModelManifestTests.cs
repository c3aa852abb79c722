using System.Text.Json.Nodes;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.UserModels;

namespace Orleans.Lse.Core.Tests.UserModels;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ModelManifestTests
{
    [Fact]
    public void TheShapesManifestReadsAndRoundTrips()
    {
        var manifest = ModelManifest.Load(TorchScriptFixtures.File("shapes", "manifest.json"));
        Assert.Equal(new ImageShape(3, 32, 32), manifest.ImageShape);
        Assert.Equal(["circle", "square", "triangle"], manifest.ClassNames);
        Assert.Equal(EncoderOutput.MeanLogVar, manifest.EncoderOutput);
        Assert.Equal([0.3f, 0.3f, 0.3f], manifest.Normalization!.Std);
        Assert.Equal(["classifier.pt", "encoder.pt", "decoder.pt"], manifest.Files);

        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("manifest.json"), manifest.ToJson());
        var again = ModelManifest.Load(dir.File("manifest.json"));
        Assert.Equal(manifest.ToJson(), again.ToJson());
    }

    [Theory]
    [InlineData("name", "\"\"", "name")]
    [InlineData("imageShape", "[3, 32]", "imageShape")]
    [InlineData("imageShape", "[0, 32, 32]", "imageShape")]
    [InlineData("valueRange", "[1, 0]", "valueRange")]
    [InlineData("classNames", "[\"a\", \"a\"]", "classNames")]
    [InlineData("classNames", "[\"only\"]", "classNames")]
    [InlineData("noSuchField", "1", "noSuchField")]
    [InlineData("classifier", "{ \"file\": \"../classifier.pt\" }", "classifier.file")]
    [InlineData("classifier", "{ \"file\": \"/etc/passwd\" }", "classifier.file")]
    [InlineData("classifier", "{ \"file\": \"manifest.json\" }", "a name the registry keeps for itself")]
    [InlineData("classifier", "{ \"file\": \"classifier.pt\", \"normalize\": { \"mean\": [0.5], \"std\": [0.5] } }", "classifier.normalize")]
    [InlineData("classifier", "{ \"file\": \"classifier.pt\", \"normalize\": { \"mean\": [0, 0, 0], \"std\": [1, 0, 1] } }", "classifier.normalize")]
    [InlineData("latent", "{ \"module\": \"vae.pt\", \"encoder\": \"e.pt\", \"latentSize\": 8 }", "latent")]
    [InlineData("latent", "{ \"encoder\": \"e.pt\", \"decoder\": \"d.pt\", \"latentSize\": 0 }", "latent.latentSize")]
    [InlineData("latent", "{ \"encoder\": \"e.pt\", \"decoder\": \"d.pt\", \"latentSize\": 8, \"encoderOutput\": \"sample\" }", "latent.encoderOutput")]
    [InlineData("maxReconstructionError", "-1", "maxReconstructionError")]
    public void ABadFieldIsNamedWithTheFile(string field, string json, string named)
    {
        using var dir = new TempDirectory();
        var manifest = ManifestFiles.Shapes();
        manifest[field] = JsonNode.Parse(json);
        string path = ManifestFiles.Write(dir.Path, manifest);

        var error = Assert.Throws<UserModelException>(() => ModelManifest.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonAndAMissingManifestAreNamed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("manifest.json"), "{ \"name\": ");
        Assert.Contains("manifest.json", Assert.Throws<UserModelException>(() => ModelManifest.Load(dir.File("manifest.json"))).Message, StringComparison.Ordinal);
        Assert.Contains("no such manifest", Assert.Throws<UserModelException>(() => ModelManifest.Load(dir.File("nothing.json"))).Message, StringComparison.Ordinal);
    }
}
