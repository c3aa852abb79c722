using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign's training options, resolved once at submit (JSON of the core's TrainingOptions) and stored with it; both
/// null for campaigns submitted before they were stored, whose models keep the keys and defaults they had.
/// </summary>
public sealed record CampaignTraining(string? Classifier, string? Vae)
{
    public static CampaignTraining Legacy { get; } = new(null, null);

    /// <summary>The paper's training (<see cref="PaperTraining"/>) with the spec's epochs (0 = the paper's) and training-set limit, seed 0.</summary>
    public static CampaignTraining Resolve(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var classifier = PaperTraining.Classifier with { Epochs = spec.TrainingEpochs > 0 ? spec.TrainingEpochs : PaperTraining.Classifier.Epochs, TrainLimit = spec.TrainLimit, Seed = 0 };
        var vae = PaperTraining.Vae with { Epochs = spec.TrainingEpochs > 0 ? spec.TrainingEpochs : PaperTraining.Vae.Epochs, TrainLimit = spec.TrainLimit, Seed = 0 };
        classifier.Validate();
        vae.Validate();
        return new CampaignTraining(StoredOptions.Serialize(classifier), StoredOptions.Serialize(vae));
    }
}
