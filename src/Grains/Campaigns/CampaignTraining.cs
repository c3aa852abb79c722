using Orleans.Lse.Core.Experiments;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign's model settings, resolved once at submit and stored with it: the training options (JSON of the core's
/// TrainingOptions; both null for campaigns submitted before they were stored, whose models keep the keys and defaults
/// they had), or for a campaign on a registered user model, that model's registration fingerprint.
/// </summary>
public sealed record CampaignTraining(string? Classifier, string? Vae)
{
    public static CampaignTraining Legacy { get; } = new(null, null);

    /// <summary>Training epochs of a CelebA campaign's face models when the spec leaves them at 0 (as <c>lse celeba train</c>).</summary>
    public const int FaceEpochs = 20;

    /// <summary>The user model's registration fingerprint (every file's SHA-256) when the campaign was submitted; null for the paper's models.</summary>
    public string? UserModelFingerprint { get; init; }

    /// <summary>
    /// The paper's training (<see cref="PaperTraining"/>) with the spec's epochs (0 = the paper's) and training-set limit,
    /// seed 0; for a spec on a registered user model, <paramref name="userModelFingerprint"/> and no training.
    /// </summary>
    public static CampaignTraining Resolve(CampaignSpec spec, string? userModelFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Model is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(userModelFingerprint);
            return new CampaignTraining(null, null) { UserModelFingerprint = userModelFingerprint };
        }

        if (spec.IsCeleba)
        {
            // Both face models train as `lse celeba train` trains them: the same options, seed 0.
            var face = spec.FaceModel ?? new FaceModelChoice();
            var options = new Core.Training.TrainingOptions { Epochs = spec.TrainingEpochs > 0 ? spec.TrainingEpochs : FaceEpochs, BatchSize = face.BatchSize, TrainLimit = spec.TrainLimit, Seed = 0 };
            options.Validate();
            string json = StoredOptions.Serialize(options);
            return new CampaignTraining(json, json);
        }

        var classifier = PaperTraining.Classifier with { Epochs = spec.TrainingEpochs > 0 ? spec.TrainingEpochs : PaperTraining.Classifier.Epochs, TrainLimit = spec.TrainLimit, Seed = 0 };
        var vae = PaperTraining.Vae with { Epochs = spec.TrainingEpochs > 0 ? spec.TrainingEpochs : PaperTraining.Vae.Epochs, TrainLimit = spec.TrainLimit, Seed = 0 };
        classifier.Validate();
        vae.Validate();
        return new CampaignTraining(StoredOptions.Serialize(classifier), StoredOptions.Serialize(vae));
    }
}
