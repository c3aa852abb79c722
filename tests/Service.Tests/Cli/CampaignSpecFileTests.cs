using Orleans.Lse.Cli.Campaigns;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Cli;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CampaignSpecFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"lse-spec-{Guid.NewGuid():N}.json");

    [Fact]
    public void TheDeployedSpecsParseAndValidate()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "deploy", "campaigns"), "*.json");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var spec = CampaignSpecFile.Read(file);
            Assert.NotEmpty(spec.LatentSizes);
        }
    }

    [Fact]
    public void FieldsAreCamelCaseAndModesAreNames()
    {
        File.WriteAllText(_path, """{ "name": "x", "latentSizes": [2, 10], "modes": ["lse", "lae"], "laeImages": 5, "search": "improved", "searchOverrides": "budget=200" }""");

        var spec = CampaignSpecFile.Read(_path);

        Assert.Equal([2, 10], spec.LatentSizes);
        Assert.Equal([CampaignMode.Lse, CampaignMode.Lae], spec.Modes);
        Assert.Equal(5, spec.LaeImages);
        Assert.Equal("improved", spec.Search);
        Assert.Equal(256, spec.BlockSize);
    }

    [Fact]
    public void SearchOptionsCanBeAnObjectOfThePresetAndTypedValues()
    {
        File.WriteAllText(_path, """{ "search": { "preset": "improved", "maxSteps": 150, "stopRules": false, "max-step": null, "optimizer": "adam", "stepSize": 0.05 } }""");

        var spec = CampaignSpecFile.Read(_path);
        var options = SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, SearchMode.Lae);

        Assert.Equal("improved", spec.Search);
        Assert.Equal("maxSteps=150,stopRules=false,max-step=none,optimizer=adam,stepSize=0.05", spec.SearchOverrides);
        Assert.Equal((150, false, (double?)null, EpsOptimizer.Adam, 0.05, 10), (options.MaxSteps, options.StopRules, options.MaxStepNorm, options.Optimizer, options.StepSize, options.Restarts));
    }

    [Theory]
    [InlineData("""{ "search": { "maxSteps": 10 }, "searchOverrides": "budget=5" }""", "not both")]
    [InlineData("""{ "search": { "maxSteps": [10] } }""", "search.maxSteps")]
    [InlineData("""{ "search": { "preset": 3 } }""", "search.preset")]
    [InlineData("""{ "search": { "noSuchOption": 3 } }""", "noSuchOption")]
    [InlineData("""{ "search": { "maxSteps": -3 } }""", "MaxSteps")]
    [InlineData("""{ "search": null }""", "must not be null")]
    public void BadSearchObjectsNameTheProblem(string json, string named)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<ArgumentException>(() => CampaignSpecFile.Read(_path));

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AUserModelsSpecNamesTheModelAndItsLatentSize()
    {
        File.WriteAllText(_path, """{ "name": "mine", "model": "shapes", "dataset": "my-images", "latentSizes": [8], "laeImages": 4 }""");

        var spec = CampaignSpecFile.Read(_path);

        Assert.Equal(("shapes", "my-images", 8, 0, 0), (spec.Model, spec.Dataset, spec.LatentSizes.Single(), spec.TrainingEpochs, spec.TrainLimit));
    }

    [Theory]
    [InlineData("""{ "model": "shapes", "dataset": "images" }""", "field 'latentSizes': model 'shapes' has one latent size")]
    [InlineData("""{ "model": "shapes", "latentSizes": [8], "trainingEpochs": 2 }""", "field 'model': a campaign on a registered model trains nothing")]
    [InlineData("""{ "model": "shapes", "latentSizes": [8], "classifier": "vae-head" }""", "field 'model': a campaign on a registered model trains nothing")]
    [InlineData("""{ "model": "Shapes/../x", "latentSizes": [8] }""", "field 'model': must be a registered model's id")]
    [InlineData("""{ "model": "", "latentSizes": [8] }""", "field 'model': must be a registered model's id")]
    public void BadUserModelSpecsNameTheField(string json, string named)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<ArgumentException>(() => CampaignSpecFile.Read(_path));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "latentSizes": [2, "ten"] }""", "$.latentSizes[1]")]
    [InlineData("""{ "latentSize": [2] }""", "latentSize")]
    [InlineData("""{ "modes": ["lse", "lxe"] }""", "$.modes")]
    [InlineData("""{ "latentSizes": [2, 0] }""", "latentSizes[1]")]
    [InlineData("""{ "searchOverrides": "step=-1" }""", "searchOverrides")]
    [InlineData("""{ "name": "x" """, "malformed")]
    [InlineData("null", "empty")]
    public void BadSpecsNameTheField(string json, string named)
    {
        File.WriteAllText(_path, json);

        var error = Assert.Throws<ArgumentException>(() => CampaignSpecFile.Read(_path));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => CampaignSpecFile.Read(_path));
        Assert.Contains(_path, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_path);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orleans.Lse.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
