using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Service.Tests.Campaigns;

[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class CampaignTests(ServiceClusterFixture fixture)
{
    private ICampaignCatalogGrain Catalog => fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    [Fact]
    public async Task TinyCampaignCompletesOnTwoSilosCountingEachSearchOnce()
    {
        var submitted = await Catalog.Submit(TinyCampaign.Spec, "tiny-end-to-end");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);
        var status = await TinyCampaign.WaitFor(campaign, "tiny campaign", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));

        Assert.True(status.Phase == CampaignPhase.Completed, $"{status.Phase}: {status.Error}");
        Assert.Equal(2, status.Progress.Length);
        Assert.Equal(27, status.Progress.Single(p => p.Mode == CampaignMode.Lae).Total);
        Assert.InRange(status.Progress.Single(p => p.Mode == CampaignMode.Lse).Total, 1, 300);
        Assert.All(status.Progress, p => Assert.Equal(p.Total, p.Done));
        Assert.Equal(2, status.ModelChecksums.Count);

        var results = await campaign.GetResults();
        Assert.Equal(status.Total, results.Length);
        Assert.Equal(results.Length, results.Select(r => (r.Mode, r.LatentSize, r.Ordinal)).Distinct().Count());
        Assert.DoesNotContain(results, r => r.Mode == CampaignMode.Lae && r.Target == r.TrueLabel);

        // The aggregates are those of the counted results.
        foreach (var row in status.Aggregates)
        {
            var own = results.Where(r => r.Mode == row.Mode && r.LatentSize == row.LatentSize).ToList();
            Assert.Equal(own.Count, row.Searches);
            Assert.Equal(own.Count(r => r.Success), row.Successes);
            var eps = own.Where(r => r.Success).Select(r => (double)r.EpsNorm).ToList();
            if (eps.Count > 0)
            {
                Assert.Equal(eps.Average(), row.MeanEpsNorm, 9);
            }
        }

        Assert.Equal(9, status.Aggregates.Single(a => a.Mode == CampaignMode.Lae).PerTarget.Sum(t => t.Searches) / 3);

        // Every search is stored in its own grain, with its pictures on disk.
        var first = results.First(r => r.Mode == CampaignMode.Lae);
        var record = await fixture.Client.GetGrain<ISearchGrain>(new SearchKey(status.Id, first.Mode, first.LatentSize, first.Image, first.Target).ToString()).Get();
        Assert.NotNull(record);
        Assert.Equal(first.Success, record.Success);
        Assert.Equal(10, record.Probabilities.Length);
        Assert.True(File.Exists(record.PerturbedImagePath), record.PerturbedImagePath);
        Assert.True(File.Exists(record.DeltaImagePath), record.DeltaImagePath);

        // The same idempotency key returns the same campaign; with another spec it is refused.
        var again = await Catalog.Submit(TinyCampaign.Spec, "tiny-end-to-end");
        Assert.Equal(status.Id, again.Id);
        var clash = await Assert.ThrowsAsync<ArgumentException>(() => Catalog.Submit(TinyCampaign.Spec with { Seed = 7 }, "tiny-end-to-end"));
        Assert.Contains("different spec", clash.Message);
        Assert.Contains(await Catalog.List(), c => c.Id == status.Id);
        Assert.DoesNotContain(status.Id, await Catalog.Unfinished());
    }

    [Theory]
    [InlineData("d", "latentSizes[0]")]
    [InlineData("lambda", "step")]
    [InlineData("budget", "MaxSteps")]
    [InlineData("dataset", "dataset': Dataset 'no-such-dataset': no such directory")]
    [InlineData("dataset-etc", "dataset': Dataset '/etc' is outside the silo's dataset roots")]
    [InlineData("dataset-up", "dataset': Dataset '../../../../../tmp' is outside the silo's dataset roots")]
    [InlineData("dataset-missing", "dataset': Dataset '/no/such/place' is outside the silo's dataset roots")]
    [InlineData("dataset-control", "dataset': must be mnist, fashion-mnist or a directory path")]
    [InlineData("block", "blockSize")]
    [InlineData("preset", "preset")]
    [InlineData("huge-d", "latentSizes[0]': d must be in 1..4096 (got 2000000000)")]
    [InlineData("huge-epochs", "trainingEpochs': must be in 0..1000")]
    [InlineData("huge-name", "name': must be at most 200 characters")]
    [InlineData("huge-budget", "MaxSteps must be in 1..1000000 (got 2000000000)")]
    [InlineData("huge-batch", "MaxBatch must be in 1..65536")]
    [InlineData("huge-memory", "GiB, more than the 8 GiB a block may use")]
    public async Task InvalidSpecsAreRefusedNamingTheField(string what, string named)
    {
        var spec = what switch
        {
            "huge-d" => TinyCampaign.Spec with { LatentSizes = [2_000_000_000] },
            "huge-epochs" => TinyCampaign.Spec with { TrainingEpochs = 2_000_000_000 },
            "huge-name" => TinyCampaign.Spec with { Name = new string('n', 2 << 20) },
            "huge-budget" => TinyCampaign.Spec with { SearchOverrides = "budget=2000000000" },
            "huge-batch" => TinyCampaign.Spec with { SearchOverrides = "batch=2000000000" },
            "huge-memory" => TinyCampaign.Spec with { LatentSizes = [4096], BlockSize = 4096, SearchOverrides = "budget=100000,trajectory=1" },
            "d" => TinyCampaign.Spec with { LatentSizes = [0] },
            "lambda" => TinyCampaign.Spec with { SearchOverrides = "step=0" },
            "budget" => TinyCampaign.Spec with { SearchOverrides = "budget=-5" },
            "dataset" => TinyCampaign.Spec with { Dataset = "no-such-dataset" },

            // Outside the roots, a path that exists and one that does not get the same answer: nothing is looked at.
            "dataset-etc" => TinyCampaign.Spec with { Dataset = "/etc" },
            "dataset-up" => TinyCampaign.Spec with { Dataset = "../../../../../tmp" },
            "dataset-missing" => TinyCampaign.Spec with { Dataset = "/no/such/place" },
            "dataset-control" => TinyCampaign.Spec with { Dataset = "x\u001b[2J" },
            "block" => TinyCampaign.Spec with { BlockSize = 0 },
            _ => TinyCampaign.Spec with { Search = "magic" },
        };
        int before = (await Catalog.List()).Length;

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Catalog.Submit(spec, $"invalid-{what}"));

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, (await Catalog.List()).Length);
    }

    [Fact]
    public async Task SearchesStartedOnTheirOwnRunThroughTheExecutorAndAreStoredOnce()
    {
        var labels = new DatasetCatalog(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")).Load("mnist").Test.Labels;
        var start = new SearchStart
        {
            Classifier = CampaignModels.Classifier(TinyCampaign.Spec, CampaignTraining.Resolve(TinyCampaign.Spec), 2),
            Vae = CampaignModels.Vae(TinyCampaign.Spec, CampaignTraining.Resolve(TinyCampaign.Spec), 2),
            TestLimit = 300,
            SearchOverrides = "budget=100",
            TrueLabel = 0,
        };
        var grains = Enumerable.Range(0, 6).Select(i => (Grain: fixture.Client.GetGrain<ISearchGrain>(new SearchKey("adhoc", CampaignMode.Lae, 2, i, (labels[i] + 1) % 10).ToString()), Label: (int)labels[i])).ToList();

        await Task.WhenAll(grains.Select(g => g.Grain.Start(start with { TrueLabel = g.Label })));
        var records = new List<SearchRecord>();
        foreach (var (grain, _) in grains)
        {
            var record = await Probe.Until("ad-hoc searches", $"search grain {grain.GetPrimaryKeyString()}", "stored", grain.Get, r => r is not null, TimeSpan.FromMinutes(3), _ => "no record yet");
            records.Add(record!);
        }

        Assert.All(records, r => Assert.Equal(10, r.Probabilities.Length));
        Assert.All(records, r => Assert.Equal(r.Success, r.FinalPrediction == r.Key.Target));

        // Started again once stored: nothing runs, the stored record stays.
        await grains[0].Grain.Start(start with { TrueLabel = grains[0].Label });
        Assert.Equal(records[0].CompletedUtc, (await grains[0].Grain.Get())!.CompletedUtc);

        var lse = fixture.Client.GetGrain<ISearchGrain>(new SearchKey("adhoc", CampaignMode.Lse, 2, 7, 3).ToString());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => lse.Start(start with { TrueLabel = 5 }));
        Assert.Contains("true label 5", error.Message);
    }

    [Fact]
    public async Task BlocksStoreTheirRecordsOnceAndBlocksOfOlderCampaignsStillStoreEachSearchInItsGrain()
    {
        var spec = TinyCampaign.Spec;
        var training = CampaignTraining.Resolve(spec);
        var checksums = new Dictionary<string, string>();
        foreach (var model in CampaignModels.All(spec, training))
        {
            var grain = fixture.Client.GetGrain<Grains.Models.IModelGrain>(model.Key);
            await grain.Train(model);
            var ready = await Probe.Until("models", $"model {model.Key}", "ready", grain.GetStatus, m => m.Phase != Grains.Models.ModelPhase.Training, TimeSpan.FromMinutes(3), m => $"{m.Phase} {m.Error}");
            checksums[model.Key] = ready.WeightsSha256!;
        }

        var labels = new DatasetCatalog(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")).Load("mnist").Test.Labels;
        var slice = new SliceState { Mode = CampaignMode.Lae, LatentSize = 2, Items = [.. Enumerable.Range(0, 4).Select(i => new SearchWorkItem(i, i, labels[i], (labels[i] + 1) % 10))] };
        slice.Results = new FinishedSearch?[slice.Items.Length];
        foreach (bool blockStorage in new[] { true, false })
        {
            string campaign = blockStorage ? "direct-blocks" : "direct-per-search";
            var work = CampaignModels.Work(campaign, spec, training, slice, 0, 0, 4, checksums, imageDirectory: null, blockStorage);
            var batch = fixture.Client.GetGrain<ISearchBatchGrain>(work.GrainKey);
            await batch.Start(work);
            var done = await Probe.Until("a block", $"batch {work.GrainKey}", "done", batch.Poll, b => b.Phase is BatchPhase.Done or BatchPhase.Failed, TimeSpan.FromMinutes(2), b => $"{b.Phase} {b.Error}");
            Assert.True(done.Phase == BatchPhase.Done, done.Error);

            var block = await fixture.Client.GetGrain<IBlockResultsGrain>(work.GrainKey).Get();
            var own = await Task.WhenAll(slice.Items.Select(i => fixture.Client.GetGrain<ISearchGrain>(new SearchKey(campaign, CampaignMode.Lae, 2, i.Image, i.Target).ToString()).Get()));
            if (blockStorage)
            {
                // One record set for the block; the search grains have none of their own (no campaign locates them here).
                Assert.Equal(done.Results.Select(r => (r.Ordinal, r.Success, r.EpsNorm)), block!.Select(r => (r.Ordinal, r.Success, r.EpsNorm)));
                Assert.All(own, Assert.Null);
            }
            else
            {
                Assert.Null(block);
                Assert.Equal(done.Results.Select(r => (r.Ordinal, r.Success, r.EpsNorm)), own.Select(r => (r!.Ordinal, r.Success, r.EpsNorm)));
            }
        }
    }

    [Fact]
    public async Task UnknownCampaignIdIsAClearError()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => fixture.Client.GetGrain<IExperimentGrain>("c-nope").GetStatus());
        Assert.Contains("c-nope", error.Message);
    }

    [Fact]
    public async Task PauseResumeAndCancelFollowTheLifecycle()
    {
        var spec = TinyCampaign.Spec with { Name = "pause", Seed = 11, LaeImages = 6 };
        var submitted = await Catalog.Submit(spec, "pause-resume");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);
        await campaign.Pause();
        var paused = await TinyCampaign.WaitFor(campaign, "pause", "Paused", s => s.Phase == CampaignPhase.Paused, TimeSpan.FromSeconds(30));
        Assert.Equal(CampaignPhase.Paused, paused.Phase);

        await campaign.Resume();
        var progressing = await TinyCampaign.WaitFor(campaign, "resume", "progressing (a search done) or ended", s => s.Done > 0 || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3));
        Assert.True(progressing.Done > 0, $"{progressing.Phase}: {progressing.Error}");

        var cancelled = await campaign.Cancel();
        Assert.Equal(CampaignPhase.Cancelled, cancelled.Phase);
        await Assert.ThrowsAsync<CampaignPhaseException>(() => campaign.Resume());

        // The catalog hears of the end one-way (it may be busy asking campaigns for their status), so it follows shortly.
        await Probe.Until("after cancel", "the campaign catalog", $"without {submitted.Id} among its unfinished campaigns", Catalog.Unfinished, u => !u.Contains(submitted.Id), TimeSpan.FromSeconds(30), u => $"unfinished: {string.Join(", ", u)}");
        Assert.DoesNotContain(submitted.Id, await Catalog.Unfinished());
    }
}
