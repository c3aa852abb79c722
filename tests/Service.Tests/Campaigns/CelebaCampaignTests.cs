using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Models;
using Orleans.Lse.Tests;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// Campaigns on CelebA (dataset kind celeba, a trait list): the service trains the face models once (a generative model
/// per d, one trait network for all traits), plans each trait as a two-class slice of its own, and reports aggregates
/// per trait. Run on a generated copy in CelebA's layout.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class CelebaCampaignTests(ServiceClusterFixture fixture)
{
    private static readonly string[] Traits = ["Male", "Eyeglasses", "Smiling"];

    private ICampaignCatalogGrain Catalog => fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    [Fact]
    public async Task ACelebaCampaignExplainsEachTraitsMistakesInASliceOfItsOwn()
    {
        string root = Fixture("celeba-campaign");
        var spec = new CampaignSpec
        {
            Name = "faces",
            Dataset = root,
            DatasetKind = "celeba",
            Traits = Traits,
            FaceModel = new FaceModelChoice { Kind = "vae", ImageSize = 16, BatchSize = 32 },
            LatentSizes = [8],
            TrainingEpochs = 5,
            LaeImages = 3,
            Search = "improved",
            BlockSize = 8,
        };
        var submitted = await Catalog.Submit(spec, "celeba-traits");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);
        var status = await TinyCampaign.WaitFor(campaign, "campaign on CelebA", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));
        Assert.True(status.Phase == CampaignPhase.Completed, TinyCampaign.Describe(status));

        // One generative model and one trait network: the three traits' classifiers are views of the same weights.
        Assert.Equal(4, status.ModelChecksums.Count);
        var traitChecksums = status.ModelChecksums.Where(m => m.Key.Contains("/face-trait/", StringComparison.Ordinal)).Select(m => m.Value).ToList();
        Assert.Equal(3, traitChecksums.Count);
        Assert.Single(traitChecksums.Distinct());
        string faces = Path.Combine(fixture.DataDirectory, "models", ModelLibrary.FaceModelFolder);
        Assert.Single(Directory.GetFiles(faces, "facetraits-16px-*.json"));
        Assert.Single(Directory.GetFiles(faces, "convvae-d8-16px-*.json"));

        // A slice per (mode, trait): LSE on exactly the trait's mistakes on the test partition, LAE on 3 right ones pushed
        // to the other class; aggregates and progress name their trait.
        Assert.Equal(Traits.SelectMany(t => new[] { (CampaignMode.Lse, t), (CampaignMode.Lae, t) }).Order(), status.Progress.Select(p => (p.Mode, p.Trait!)).Order());
        Assert.Equal(Traits.SelectMany(t => new[] { (CampaignMode.Lse, t), (CampaignMode.Lae, t) }).Order(), status.Aggregates.Select(a => (a.Mode, a.Trait!)).Order());
        var training = CampaignTraining.Resolve(spec);
        var source = await campaign.GetReportSource();
        int explained = 0;
        foreach (string trait in Traits)
        {
            var classifier = CampaignModels.Classifier(spec, training, 8, trait);
            var predictions = await fixture.Client.GetGrain<IPredictionGrain>($"test/{trait}").Predict(classifier, CampaignModels.Vae(spec, training, 8), 0);
            Assert.Equal(2, predictions.Classes);
            using (var data = CelebaDataset.Open(root, new CelebaOptions { ImageSize = 16 }))
            {
                int column = data.Annotations.AttributeIndex(trait);
                Assert.Equal(data.Indices(CelebaSplit.Test).Select(i => data.Annotations.Has(i, column) ? 1 : 0), predictions.Labels);
            }

            var wrong = Enumerable.Range(0, predictions.Labels.Length).Where(i => predictions.Predictions[i] != predictions.Labels[i]).ToList();
            var lse = source.Records.Where(r => r.Key.Trait == trait && r.Key.Mode == CampaignMode.Lse).OrderBy(r => r.Key.Image).ToList();
            Assert.Equal(wrong, lse.Select(r => r.Key.Image));
            Assert.All(lse, r => Assert.Equal((predictions.Labels[r.Key.Image], predictions.Predictions[r.Key.Image]), (r.Key.Target, r.InitialPrediction)));
            Assert.All(lse.Where(r => r.Success), r => Assert.Equal(r.Key.Target, r.FinalPrediction));
            explained += lse.Count(r => r.Success);

            var lae = source.Records.Where(r => r.Key.Trait == trait && r.Key.Mode == CampaignMode.Lae).ToList();
            Assert.Equal(3, lae.Count);
            Assert.All(lae, r => Assert.Equal(1 - predictions.Labels[r.Key.Image], r.Key.Target));

            var aggregate = status.Aggregates.Single(a => a.Trait == trait && a.Mode == CampaignMode.Lse);
            Assert.Equal((lse.Count, lse.Count(r => r.Success)), (aggregate.Searches, aggregate.Successes));
            Assert.All(lse.Where(r => r.PerturbedImagePath is not null), r => Assert.Contains($"lse-d8-{trait}", r.PerturbedImagePath!, StringComparison.Ordinal));
        }

        Assert.True(explained > 0, $"no LSE search flipped a trait's prediction: {TinyCampaign.Describe(status)}; "
            + string.Join("; ", status.Aggregates.Select(a => $"{a.Trait} {a.Mode} {a.Successes}/{a.Searches}")));

        // The results' CSV names each row's trait.
        string csv = Client.Campaigns.CampaignResultsCsv.Format(await campaign.GetResults());
        Assert.StartsWith(Client.Campaigns.CampaignResultsCsv.Header + ",trait\n", csv, StringComparison.Ordinal);
        Assert.Equal(status.Total, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Count(line => Traits.Any(t => line.EndsWith("," + t, StringComparison.Ordinal))));

        // Its report: the table per trait, a gallery per (trait, mode) and the LSE bias heatmaps, every link resolving.
        var report = fixture.Client.GetGrain<ICampaignReportGrain>(submitted.Id);
        await report.Write();
        var written = await Probe.Until("report of the CelebA campaign", $"report {submitted.Id}", "written or failed", report.GetStatus,
            s => s.Phase is CampaignReportPhase.Done or CampaignReportPhase.Failed, TimeSpan.FromMinutes(3), s => $"{s.Phase} {s.Activity} {s.Error}");
        Assert.True(written.Phase == CampaignReportPhase.Done, written.Error);
        string folder = Path.Combine(status.OutputDirectory!, "report");
        string html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.All(Traits, t => Assert.Contains($"<td class=\"l\">{t}</td><td class=\"l\">LSE</td>", html, StringComparison.Ordinal));
        Assert.All(status.ModelChecksums.Values, sha => Assert.Contains(sha, html, StringComparison.Ordinal));
        Assert.All(Traits, t => Assert.True(File.Exists(Path.Combine(folder, $"gallery-lae-d8-{t}.png")), $"gallery-lae-d8-{t}.png"));
        Assert.Equal(written.Figures, System.Text.RegularExpressions.Regex.Count(html, "<img src=\"data:image/png;base64,"));
        Assert.Empty(ReportLinks.Broken(Path.Combine(folder, "report.html")));
    }

    [Theory]
    [InlineData("unknown trait", "traits")]
    [InlineData("traits without celeba", "traits")]
    [InlineData("odd trait", "traits[0]")]
    [InlineData("kind", "datasetKind")]
    [InlineData("size", "faceModel")]
    public async Task ABadCelebaSpecIsRefusedNamingTheField(string problem, string field)
    {
        string root = Fixture("celeba-refused");
        var spec = new CampaignSpec { Name = "refused", Dataset = root, DatasetKind = "celeba", Traits = ["Male"], LatentSizes = [8], FaceModel = new FaceModelChoice { Kind = "vae", ImageSize = 16 } };
        spec = problem switch
        {
            "unknown trait" => spec with { Traits = ["Male", "Wings"] },
            "traits without celeba" => spec with { DatasetKind = null },
            "odd trait" => spec with { Traits = ["Male/../x"] },
            "kind" => spec with { DatasetKind = "celebb" },
            _ => spec with { FaceModel = new FaceModelChoice { Kind = "vae", ImageSize = 24 } },
        };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Catalog.Submit(spec, $"celeba-refused-{problem.Replace(' ', '-')}"));
        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
    }

    private string Fixture(string name)
    {
        string root = Path.Combine(fixture.DataDirectory, name);
        if (!File.Exists(Path.Combine(root, CelebaFiles.PartitionFile)))
        {
            CelebaFixture.Write(root, 800);
        }

        return root;
    }
}
