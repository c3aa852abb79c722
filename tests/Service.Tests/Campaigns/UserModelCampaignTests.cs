using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.UserModels;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;
using Orleans.Lse.Tests;
using SkiaSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>
/// Campaigns on a registered user model (the README's shapes example: a TorchScript classifier, encoder and decoder for
/// 3x32x32 images) over an image folder: the service loads the model from the silos' registry, plans on the folder's
/// images, runs the searches with the TorchScript modules, and stores records, pictures and a report in the model's shape.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class UserModelCampaignTests(ServiceClusterFixture fixture)
{
    private ICampaignCatalogGrain Catalog => fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    private UserModelRegistry Registry => new(Path.Combine(fixture.DataDirectory, "user-models"));

    [Fact]
    public async Task ACampaignExplainsARegisteredModelsMistakesOnAnImageFolder()
    {
        var registered = Register("shapes-campaign");
        string images = CopyImages("shapes-campaign-images");
        var spec = new CampaignSpec
        {
            Name = "shapes",
            Model = registered.Id,
            Dataset = images,
            LatentSizes = [8],
            LaeImages = 3,
            Search = "improved",
            SearchOverrides = "budget=200,restarts=2",
            BlockSize = 8,
        };
        var submitted = await Catalog.Submit(spec, "user-model-shapes");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);
        var status = await TinyCampaign.WaitFor(campaign, "campaign on a user model", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));
        Assert.True(status.Phase == CampaignPhase.Completed, TinyCampaign.Describe(status));

        // The models are the registered ones, by their checksums; nothing was trained.
        Assert.Equal(
            new[] { registered.ClassifierSha256, registered.LatentSha256 }.Order(),
            status.ModelChecksums.Values.Order());
        Assert.All(status.ModelChecksums.Keys, k => Assert.StartsWith($"user/{registered.Id}/", k, StringComparison.Ordinal));
        var models = await campaign.GetModels();
        Assert.Equal(2, models.Length);
        Assert.All(models, m => Assert.Equal((Grains.Models.ModelPhase.Ready, registered.Directory), (m.Phase, m.CheckpointPath)));

        // LSE on every image the classifier gets wrong (its own verdicts, here), LAE on 3 right ones x the 2 other classes.
        using var model = Registry.Open(registered.Id);
        var data = ImageFolderLoader.Load(images, model.Manifest.ImageShape, model.Manifest.ClassNames);
        int[] predicted = Predict(model, data);
        var wrong = Enumerable.Range(0, data.Count).Where(i => predicted[i] != data.Labels[i]).ToList();
        Assert.NotEmpty(wrong);
        Assert.Equal(wrong.Count, status.Progress.Single(p => p.Mode == CampaignMode.Lse).Total);
        Assert.Equal(6, status.Progress.Single(p => p.Mode == CampaignMode.Lae).Total);

        var source = await campaign.GetReportSource();
        Assert.Equal(registered.Fingerprint, source.UserModelFingerprint);
        var lse = source.Records.Where(r => r.Key.Mode == CampaignMode.Lse).OrderBy(r => r.Key.Image).ToList();
        Assert.Equal(wrong, lse.Select(r => r.Key.Image));
        Assert.All(source.Records, r => Assert.Equal(3, r.Probabilities.Length));
        Assert.All(lse, r => Assert.Equal(data.Labels[r.Key.Image], r.Key.Target));
        Assert.All(lse, r => Assert.Equal(predicted[r.Key.Image], r.InitialPrediction));

        // Successes replayed with the registered modules: x' = g(z + eps) + x - g(z) is classified as the target. The
        // improved search refines x' to its class boundary, so most sit within 1e-3 of a tie, where another batch size or
        // CPU may round the last bits the other way: checked wherever the margin is over 1e-4.
        var successes = source.Records.Where(r => r.Success).ToList();
        Assert.NotEmpty(successes);
        var replayed = successes.Select(r => Replay(model, data.Image(r.Key.Image), r.Eps!)).ToList();
        var clear = Enumerable.Range(0, successes.Count).Where(i => Margin(replayed[i]) > 1e-4).ToList();
        Assert.NotEmpty(clear);
        Assert.All(clear, i => Assert.Equal(successes[i].Key.Target, ArgMax(replayed[i])));

        // Pictures in the model's shape (32x32 RGB, drawn 4x).
        var record = successes[0];
        using (var picture = SKBitmap.Decode(record.PerturbedImagePath))
        {
            Assert.Equal((128, 128), (picture.Width, picture.Height));
            Assert.Contains(Enumerable.Range(0, 128), x => picture.GetPixel(x, 64) is var p && (p.Red != p.Green || p.Green != p.Blue));
        }

        // The report draws the same campaign: figures in the model's shape with its class names, no paper column.
        var report = fixture.Client.GetGrain<ICampaignReportGrain>(status.Id);
        await report.Write();
        var written = await Probe.Until("report of the user model's campaign", $"report {status.Id}", "written or failed", report.GetStatus,
            s => s.Phase is CampaignReportPhase.Done or CampaignReportPhase.Failed, TimeSpan.FromMinutes(3), s => $"{s.Phase} {s.Activity} {s.Error}");
        Assert.True(written.Phase == CampaignReportPhase.Done, written.Error);
        string html = File.ReadAllText(Path.Combine(status.OutputDirectory!, "report", "report.html"));
        Assert.Contains(registered.ClassifierSha256, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<th>paper rate</th>", html, StringComparison.Ordinal);
        Assert.Contains(Grains.Compute.TestData.From(data, images).Sha256, html, StringComparison.Ordinal);
        Assert.Empty(ReportLinks.Broken(Path.Combine(status.OutputDirectory!, "report", "report.html")));
    }

    [Theory]
    [InlineData("unknown", "field 'model': No model 'no-such-model' is registered")]
    [InlineData("latent", "field 'latentSizes': model 'shapes-errors' has latent size 8: give [8] (got [2])")]
    [InlineData("several", "field 'latentSizes': model 'shapes-errors' has one latent size")]
    [InlineData("training", "field 'model': a campaign on a registered model trains nothing")]
    [InlineData("odd-id", "field 'model': must be a registered model's id")]
    [InlineData("folder", "field 'dataset': Dataset 'no-such-folder': no such directory")]
    public async Task ACampaignOnAUserModelIsRefusedNamingTheField(string problem, string expected)
    {
        if (!Directory.Exists(Path.Combine(Registry.Directory, "shapes-errors")))
        {
            Register("shapes-errors");
        }

        var spec = new CampaignSpec { Name = "refused", Model = "shapes-errors", Dataset = CopyImages("shapes-errors-images"), LatentSizes = [8] };
        spec = problem switch
        {
            "unknown" => spec with { Model = "no-such-model" },
            "latent" => spec with { LatentSizes = [2] },
            "several" => spec with { LatentSizes = [8, 2] },
            "training" => spec with { TrainingEpochs = 3 },
            "odd-id" => spec with { Model = "../Shapes\n" },
            _ => spec with { Dataset = "no-such-folder" },
        };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Catalog.Submit(spec, $"user-model-refused-{problem}"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private RegisteredModel Register(string id) => Registry.Add(Path.Combine(ExampleShapes.Folder, ModelManifest.FileName), id);

    /// <summary>The example's images, copied inside the silos' dataset roots (the fixture's data directory); the path returned.</summary>
    private string CopyImages(string name) => ExampleShapes.CopyImages(Path.Combine(fixture.DataDirectory, name));

    private static int[] Predict(UserModel model, LabelledImages data)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return [.. model.Classifier.forward(data.ToTensor()).argmax(1).data<long>().Select(p => (int)p)];
    }

    private static float[] Replay(UserModel model, float[] image, float[] eps)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var x = tensor(image).reshape(model.Manifest.ImageShape.Batch(1));
        var z = model.Latent.EncodeMean(x);
        var xPrime = model.Latent.Decode(z + tensor(eps).reshape(1, -1)) + x - model.Latent.Decode(z);
        return nn.functional.softmax(model.Classifier.forward(xPrime), 1)[0].data<float>().ToArray();
    }

    private static int ArgMax(float[] p) => Array.IndexOf(p, p.Max());

    private static float Margin(float[] p)
    {
        var sorted = p.OrderDescending().ToArray();
        return sorted[0] - sorted[1];
    }
}
