using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Campaigns;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CampaignTrainingTests
{
    [Fact]
    public void SubmitResolvesThePapersTrainingWithTheSpecsEpochsAndLimit()
    {
        var training = CampaignTraining.Resolve(TinyCampaign.Spec);

        Assert.Equal(PaperTraining.Classifier with { Epochs = 1, TrainLimit = 2000 }, StoredOptions.Training(training.Classifier!));
        Assert.Equal(PaperTraining.Vae with { Epochs = 1, TrainLimit = 2000 }, StoredOptions.Training(training.Vae!));
        var defaults = CampaignTraining.Resolve(TinyCampaign.Spec with { TrainingEpochs = 0 });
        Assert.Equal(PaperTraining.Vae.Epochs, StoredOptions.Training(defaults.Vae!).Epochs);
    }

    [Fact]
    public void ModelsOfCampaignsSubmittedBeforeKeepTheirKeys()
    {
        // The keys such campaigns stored their model checksums under.
        Assert.Equal("mnist/vae/d2/e1/n2000/s0", CampaignModels.Vae(TinyCampaign.Spec, CampaignTraining.Legacy, 2).Key);
        Assert.Equal("mnist/cnn/d0/e1/n2000/s0", CampaignModels.Classifier(TinyCampaign.Spec, CampaignTraining.Legacy, 2).Key);

        var resolved = CampaignTraining.Resolve(TinyCampaign.Spec);
        var head = CampaignModels.Classifier(TinyCampaign.Spec with { Classifier = "vae-head" }, resolved, 2);
        Assert.Equal((resolved.Classifier, resolved.Vae), (head.Training, head.VaeTraining));
        Assert.Equal(CampaignModels.Vae(TinyCampaign.Spec, resolved, 2).Training, head.VaeTraining);
    }
}
