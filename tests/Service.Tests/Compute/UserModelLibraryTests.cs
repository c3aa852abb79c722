using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.UserModels;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Service.Tests.Compute;

/// <summary>A silo's model library with a registered user model (the README's shapes example) and its image folder.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class UserModelLibraryTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-user-library-" + Guid.NewGuid().ToString("N")[..8]);

    private static string Example => ExampleShapes.Folder;

    private string Images => Path.Combine(_data, "datasets", "shapes");

    [Fact]
    public void BothPartsLoadOnceWithTheRegistrationsChecksums()
    {
        var registered = Register();
        var library = NewLibrary();

        var classifier = library.Get(Spec(registered, ModelRole.UserClassifier));
        var latent = library.Get(Spec(registered, ModelRole.UserLatent));

        Assert.Equal((registered.ClassifierSha256, registered.LatentSha256), (classifier.WeightsSha256, latent.WeightsSha256));
        Assert.NotEqual(classifier.WeightsSha256, latent.WeightsSha256);
        Assert.IsType<TorchScriptClassifier>(classifier.Module);
        Assert.IsType<TorchScriptLatentModel>(latent.Module);
        Assert.Same(classifier, library.Get(Spec(registered, ModelRole.UserClassifier)));
    }

    [Fact]
    public void TheFoldersImagesComeInTheModelsShapeClassesTakingTurnsWithAChecksumOfTheFiles()
    {
        var registered = Register();
        var spec = Spec(registered, ModelRole.UserClassifier);

        var test = NewLibrary().Test(spec, testLimit: 0);
        var limited = NewLibrary().Test(spec, testLimit: 6);

        Assert.Equal((90, registered.Manifest!.ImageShape), (test.Labels.Length, test.Shape));
        Assert.Equal(["circle", "square", "triangle"], test.ClassNames);
        Assert.Equal([0, 1, 2, 0, 1, 2], limited.Labels);
        Assert.Equal(test.Sha256, NewLibrary().Test(spec, testLimit: 0).Sha256);
        Assert.NotEqual(test.Sha256, limited.Sha256);

        // Another image's bytes in one file: the same count and labels, another checksum (blocks compare it with the plan's).
        string[] circles = Directory.GetFiles(Path.Combine(Images, "circle"));
        File.Copy(circles[1], circles[0], overwrite: true);
        Assert.NotEqual(test.Sha256, NewLibrary().Test(spec, testLimit: 0).Sha256);
    }

    [Fact]
    public void AModelRegisteredAgainUnderItsIdIsNotTakenForTheOneACampaignWasSubmittedWith()
    {
        var registered = Register();
        var spec = Spec(registered, ModelRole.UserClassifier);
        var registry = new UserModelRegistry(Path.Combine(_data, "user-models"));
        registry.Remove(registered.Id);
        string changed = Path.Combine(_data, "changed");
        Directory.CreateDirectory(changed);
        foreach (string file in Directory.GetFiles(Example))
        {
            File.Copy(file, Path.Combine(changed, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(changed, ModelManifest.FileName), File.ReadAllText(Path.Combine(Example, ModelManifest.FileName)).Replace("\"name\": \"shapes\"", "\"name\": \"shapes\", \"maxReconstructionError\": 0.04", StringComparison.Ordinal));
        registry.Add(Path.Combine(changed, ModelManifest.FileName), registered.Id);

        var error = Assert.Throws<UserModelException>(() => NewLibrary().Get(spec));

        Assert.Contains($"Model '{registered.Id}' was registered again since its campaign was submitted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-fingerprint")]
    [InlineData("short-fingerprint")]
    [InlineData("odd-id")]
    [InlineData("id-on-a-cnn")]
    public void UserModelSpecsAreChecked(string problem)
    {
        var spec = new ModelSpec { Dataset = "shapes", Role = ModelRole.UserLatent, LatentSize = 8, UserModel = "shapes", UserModelFingerprint = new string('a', 64) };
        spec = problem switch
        {
            "no-fingerprint" => spec with { UserModelFingerprint = null },
            "short-fingerprint" => spec with { UserModelFingerprint = "abc" },
            "odd-id" => spec with { UserModel = "../x" },
            _ => spec with { Role = ModelRole.Cnn, LatentSize = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => ModelLibrary.Validate(spec));

        Assert.StartsWith("Model spec: a user model", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private RegisteredModel Register()
    {
        ExampleShapes.CopyImages(Images);
        var registry = new UserModelRegistry(Path.Combine(_data, "user-models"));
        var added = registry.Add(Path.Combine(Example, ModelManifest.FileName), "shapes");
        return registry.Get(added.Id);
    }

    private static ModelSpec Spec(RegisteredModel model, ModelRole role) => new()
    {
        Dataset = "shapes",
        Role = role,
        LatentSize = model.Manifest!.LatentSize,
        UserModel = model.Id,
        UserModelFingerprint = model.Fingerprint,
    };

    private ModelLibrary NewLibrary()
    {
        var cluster = Options.Create(new LseClusterOptions { DataDirectory = _data });
        return new ModelLibrary(cluster, Options.Create(new ComputeOptions { Device = "cpu" }), new DatasetPaths(cluster), NullLogger<ModelLibrary>.Instance);
    }
}
