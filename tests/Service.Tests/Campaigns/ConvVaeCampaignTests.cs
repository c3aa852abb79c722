using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>Campaigns whose latent model is a convolutional VAE ("vae": "conv") rather than the paper's MLP.</summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(ServiceClusterCollection.Name)]
public sealed class ConvVaeCampaignTests(ServiceClusterFixture fixture)
{
    private ICampaignCatalogGrain Catalog => fixture.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);

    [Fact]
    public async Task ACampaignOnAConvolutionalVaeTrainsItAndSearchesThroughIt()
    {
        var spec = TinyCampaign.Spec with { Name = "conv", Vae = "conv", Search = "improved", SearchOverrides = "budget=200,restarts=2" };
        var submitted = await Catalog.Submit(spec, "conv-vae");
        var campaign = fixture.Client.GetGrain<IExperimentGrain>(submitted.Id);
        var status = await TinyCampaign.WaitFor(campaign, "campaign on a conv VAE", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(4));
        Assert.True(status.Phase == CampaignPhase.Completed, TinyCampaign.Describe(status));

        // Its latent model is the convolutional VAE, saved as one (the MLP's key and checkpoint are another model's).
        var models = await campaign.GetModels();
        var vae = Assert.Single(models, m => m.Spec!.Role == ModelRole.ConvVae);
        Assert.Contains("/convvae/", vae.Id, StringComparison.Ordinal);
        Assert.Contains("convvae-d2-", Path.GetFileName(vae.CheckpointPath), StringComparison.Ordinal);
        Assert.DoesNotContain(models, m => m.Spec!.Role == ModelRole.Vae);
        var lse = status.Aggregates.Single(a => a.Mode == CampaignMode.Lse);
        Assert.True(lse.Searches > 0 && lse.Successes > 0, TinyCampaign.Describe(status));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("head")]
    public async Task AConvVaeWhereNoneAppliesIsRefusedNamingTheField(string problem)
    {
        var spec = problem == "unknown" ? TinyCampaign.Spec with { Vae = "resnet" } : TinyCampaign.Spec with { Vae = "conv", Classifier = "vae-head" };
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Catalog.Submit(spec, $"conv-vae-refused-{problem}"));
        Assert.Contains("'vae'", error.Message, StringComparison.Ordinal);
    }
}
