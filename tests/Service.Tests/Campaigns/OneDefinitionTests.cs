using Orleans.Lse.Cli.Campaigns;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// <c>lse reproduce</c> and a campaign of the same spec run the same definition (image selection, resolved options,
/// aggregates, table), so they print the same table.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class OneDefinitionTests(ServiceClusterFixture fixture)
{
    [Fact]
    public async Task ReproduceAndACampaignOfTheSameSpecPrintTheSameTable()
    {
        var spec = TinyCampaign.Spec with { Name = "same-table", Search = "paper-mean", BlockSize = 256, WriteImages = false };
        var submitted = await fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(spec, "same-table");
        var status = await TinyCampaign.WaitFor(fixture.Client.GetGrain<IExperimentGrain>(submitted.Id), "same-table campaign", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));
        Assert.True(status.Phase == CampaignPhase.Completed, $"{status.Phase}: {status.Error}");

        // The reproduction of the same spec, in this process, on the checkpoints the campaign's model grains trained.
        var defaults = new ReproductionOptions();
        string output = Path.Combine(fixture.DataDirectory, "same-table-reproduce");
        var options = defaults with
        {
            CacheDirectory = DatasetCatalog.DefaultCacheDirectory,
            ModelDirectory = Path.Combine(fixture.DataDirectory, "models"),
            OutputDirectory = output,
            Device = DeviceKind.Cpu,
            LatentSizes = spec.LatentSizes,
            LaeImages = spec.LaeImages,
            TestLimit = spec.TestLimit,
            ClassifierTraining = defaults.ClassifierTraining with { Epochs = spec.TrainingEpochs, TrainLimit = spec.TrainLimit },
            VaeTraining = defaults.VaeTraining with { Epochs = spec.TrainingEpochs, TrainLimit = spec.TrainLimit },
            PaperSearch = SearchOptionsText.Apply(SearchOptions.Paper, spec.SearchOverrides) with { Seed = spec.Seed },
            Variants = ["paper"],
            Oracle = false,
            GalleryRows = 0,
            ParallelSearches = false,
        };
        var report = await Task.Run(() => new PaperReproduction(options).Run());

        string reproduced = Assert.Single(PaperTable.ExperimentTables(report));
        string campaign = CampaignView.Table(status);
        Assert.Equal(reproduced, campaign);
        Assert.Contains("paper-mean search on mnist:", campaign, StringComparison.Ordinal);
        Assert.Contains("| LSE  |", campaign, StringComparison.Ordinal);
        Assert.Contains("| LAE  |    2 |       27 |", campaign, StringComparison.Ordinal);
        Assert.Contains(reproduced, File.ReadAllText(Path.Combine(output, "summary.txt")), StringComparison.Ordinal);
    }
}
