using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>Failures say what failed at once, can be resumed once their cause is fixed, and bad ids stay outside.</summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class FailureTests(ServiceClusterFixture fixture)
{
    private ICampaignCatalogGrain Catalog => fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    [Fact]
    public async Task AModelThatCannotTrainFailsItsCampaignAtOnceAndResumeRunsItAfterTheCauseIsFixed()
    {
        // A directory that holds no IDX files yet: the spec is valid, the models cannot train.
        string dataset = Path.Combine(fixture.DataDirectory, "not-yet-a-dataset");
        Directory.CreateDirectory(dataset);
        var spec = TinyCampaign.Spec with { Name = "fails-then-resumes", Dataset = dataset, Modes = [CampaignMode.Lae], LaeImages = 2, WriteImages = false };
        var submitted = await Catalog.Submit(spec, "fails-then-resumes");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);

        var failed = await TinyCampaign.WaitFor(campaign, "campaign on an empty dataset directory", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(1));
        Assert.Equal(CampaignPhase.Failed, failed.Phase);
        Assert.Contains("Model", failed.Error, StringComparison.Ordinal);
        Assert.Contains(dataset, failed.Error, StringComparison.Ordinal);

        // Asking again does not hide the failure behind a new training run.
        var model = CampaignModels.Vae(spec, CampaignTraining.Resolve(spec), 2);
        Assert.Equal(ModelPhase.Failed, (await fixture.Client.GetGrain<IModelGrain>(model.Key).Train(model)).Phase);
        Assert.Contains(submitted.Id, await Catalog.List().ContinueWith(t => t.Result.Select(c => c.Id)));

        // The cause fixed, the failed campaign resumes and completes.
        foreach (var file in Directory.GetFiles(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets", "mnist")))
        {
            File.Copy(file, Path.Combine(dataset, Path.GetFileName(file)));
        }

        var resumed = await campaign.Resume();
        Assert.Equal(CampaignPhase.Running, resumed.Phase);
        Assert.Null(resumed.Error);
        Assert.Contains(submitted.Id, await Catalog.Unfinished());
        var done = await TinyCampaign.WaitFor(campaign, "resumed campaign", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));
        Assert.True(done.Phase == CampaignPhase.Completed, TinyCampaign.Describe(done));
        Assert.Equal(18, done.Done);
    }

    [Fact]
    public async Task CancellingTheLastCampaignThatNeedsAModelStopsItsTraining()
    {
        // Two campaigns of one spec share its models; 1000 epochs on 60,000 images would train for hours.
        var spec = TinyCampaign.Spec with { Name = "cancel-training", Seed = 31, TrainingEpochs = 1000, TrainLimit = 60_000, WriteImages = false };
        var first = fixture.Client.GetGrain<IExperimentGrain>((await Catalog.Submit(spec, "cancel-training-1")).Id);
        var second = fixture.Client.GetGrain<IExperimentGrain>((await Catalog.Submit(spec, "cancel-training-2")).Id);
        try
        {
            await CancelTheLastCampaign(spec, first, second);
        }
        finally
        {
            // Failed or not, the hours-long trainings must not keep the cluster's training slot from the tests after it.
            foreach (var campaign in new[] { first, second })
            {
                await campaign.Cancel().ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task CancelTheLastCampaign(CampaignSpec spec, IExperimentGrain first, IExperimentGrain second)
    {
        // Trainings take turns (one slot by default): whichever of the spec's two models got the slot is the one training.
        var specs = CampaignModels.All(spec, CampaignTraining.Resolve(spec));
        var training = await Probe.Until("both campaigns submitted", $"models {string.Join(", ", specs.Select(s => s.Key))}", "one of them training, asked for by both campaigns",
            async () => await Task.WhenAll(specs.Select(s => fixture.Client.GetGrain<IModelGrain>(s.Key).GetStatus())),
            all => all.Any(m => m.Phase == ModelPhase.Training && m.Progress > 0), TimeSpan.FromMinutes(2), all => string.Join("; ", all.Select(m => $"{m.Id} {m.Phase} {m.Progress:P1}")));
        var active = training.First(m => m.Phase == ModelPhase.Training && m.Progress > 0);
        var model = fixture.Client.GetGrain<IModelGrain>(active.Id);

        // The other campaign still needs the model: it trains on.
        Assert.Equal(CampaignPhase.Cancelled, (await first.Cancel()).Phase);
        Assert.Equal(ModelPhase.Training, (await model.GetStatus()).Phase);

        Assert.Equal(CampaignPhase.Cancelled, (await second.Cancel()).Phase);
        var stopped = await Probe.Until("the last campaign cancelled", $"model {active.Id}", "stopped", model.GetStatus,
            m => m.Phase != ModelPhase.Training, TimeSpan.FromMinutes(1), m => $"{m.Phase} {m.Progress:P1} {m.Error}");
        Assert.Equal(ModelPhase.NotStarted, stopped.Phase);
        Assert.Contains("cancelled", stopped.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("x\u001b[2J")]
    public async Task CampaignIdsThatAreNotPlainNamesAreRefused(string id)
    {
        string wouldBe = Path.GetFullPath(Path.Combine(fixture.DataDirectory, "campaigns", id));
        bool existed = Directory.Exists(wouldBe);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<IExperimentGrain>(id).Submit(TinyCampaign.Spec));

        Assert.Contains("is not valid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.Message);
        Assert.Equal(existed, Directory.Exists(wouldBe));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => fixture.Client.GetGrain<IExperimentGrain>(id).GetStatus());
    }

    [Fact]
    public async Task ClientsCannotChooseWhereTheSiloWrites()
    {
        var start = new SearchStart
        {
            Classifier = CampaignModels.Classifier(TinyCampaign.Spec, CampaignTraining.Resolve(TinyCampaign.Spec), 2),
            Vae = CampaignModels.Vae(TinyCampaign.Spec, CampaignTraining.Resolve(TinyCampaign.Spec), 2),
            TrueLabel = 7,
            ImageDirectory = "/tmp/elsewhere",
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<ISearchGrain>("adhoc/lae/d2/0/1").Start(start));
        Assert.Contains("ImageDirectory is not accepted", error.Message, StringComparison.Ordinal);

        var badKey = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Client.GetGrain<ISearchGrain>("../x/lae/d2/0/1").Start(start with { ImageDirectory = null }));
        Assert.Contains("is not valid", badKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedIdempotencyKeysAreRefusedAndNotEchoedInFull()
    {
        string key = new('k', 10_000);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Catalog.Submit(TinyCampaign.Spec, key));

        Assert.Contains("Idempotency key", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }
}
