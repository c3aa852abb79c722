using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.UserModels;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.UserModels;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class UserModelRegistryTests
{
    [Fact]
    public void AModelIsAddedListedShownOpenedAndRemoved()
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.File("registry"));
        using var sample = rand(4, 3, 32, 32);

        var added = registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"), sample: sample, maxReconstructionError: 1);

        Assert.Equal("shapes", added.Id);
        Assert.Equal(["classifier.pt", "encoder.pt", "decoder.pt", "manifest.json"], added.Files.Select(f => f.Path));
        Assert.All(added.Files.SkipLast(1), f => Assert.Equal(UserModelRegistry.Sha256(TorchScriptFixtures.File("shapes", f.Path)), f.Sha256));
        Assert.Equal(4, added.Check.SampleImages);
        Assert.Equal(["shapes"], registry.List().Select(m => m.Id));
        var shown = registry.Get("shapes");
        Assert.Equal(added.Files, shown.Files);
        Assert.Equal(3, shown.Manifest!.ClassNames.Count);
        using (var model = registry.Open("shapes"))
        {
            Assert.Equal(8, model.Latent.LatentSize);
        }

        registry.Remove("shapes");
        Assert.Empty(registry.List());
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("registry")));
    }

    [Theory]
    [InlineData("decoder.pt")]
    [InlineData("manifest.json")]
    public void AFileChangedAfterRegistrationIsNamedWhenOpened(string file)
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.Path);
        var added = registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"), id: "mine");
        File.AppendAllText(Path.Combine(added.Directory, file), " ");

        var error = Assert.Throws<UserModelException>(() => registry.Open("mine"));
        Assert.Contains(Path.Combine(added.Directory, file), error.Message, StringComparison.Ordinal);
        Assert.Contains("SHA-256 differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FoldersWithoutARegistrationAreNotModelsAndADamagedEntryCanBeRemoved()
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.Path);
        Directory.CreateDirectory(dir.File("stray"));
        Assert.Empty(registry.List());
        Assert.Contains("No model 'stray' is registered (none are", Assert.Throws<UserModelException>(() => registry.Get("stray")).Message, StringComparison.Ordinal);

        var added = registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"));
        File.WriteAllText(Path.Combine(added.Directory, "registration.json"), "{ broken");
        Assert.Contains("registration.json: unreadable", Assert.Throws<UserModelException>(() => registry.Get("shapes")).Message, StringComparison.Ordinal);
        registry.Remove("shapes");
        Assert.False(Directory.Exists(added.Directory));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("UPPER")]
    [InlineData("with space")]
    [InlineData("")]
    public void AnIdWithOddCharactersIsRefused(string id)
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.Path);
        var error = Assert.Throws<UserModelException>(() => registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"), id: id));
        Assert.Contains("is not a model id", error.Message, StringComparison.Ordinal);
        Assert.Throws<UserModelException>(() => registry.Get(id));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void ATakenIdAndAnUnknownIdAreRefusedByName()
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.Path);
        registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"));

        Assert.Contains("A model 'shapes' is registered already", Assert.Throws<UserModelException>(() => registry.Add(TorchScriptFixtures.File("shapes", "manifest.json"))).Message, StringComparison.Ordinal);
        Assert.Contains("No model 'other' is registered; registered: shapes", Assert.Throws<UserModelException>(() => registry.Get("other")).Message, StringComparison.Ordinal);
        Assert.Throws<UserModelException>(() => registry.Remove("other"));
        Assert.Single(registry.List());
    }

    [Fact]
    public void AModelThatFailsItsChecksLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var registry = new UserModelRegistry(dir.File("registry"));
        using var images = rand(new long[] { 8, 1, 28, 28 }, generator: new TorchSharp.torch.Generator(1)).gt(0.5).to(float32);

        // The untrained MNIST fixture reconstructs nothing: refused at the default limit.
        Assert.Throws<UserModelException>(() => registry.Add(TorchScriptFixtures.File("mnist", "manifest.json"), sample: images));

        Assert.Empty(registry.List());
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("registry")));
    }

    [Theory]
    [InlineData("My Model v2", "my-model-v2")]
    [InlineData("  ***  ", "model")]
    [InlineData("résumé.net", "r-sum-.net")]
    public void AnIdIsMadeFromTheName(string name, string id) => Assert.Equal(id, UserModelRegistry.IdFrom(name));
}
