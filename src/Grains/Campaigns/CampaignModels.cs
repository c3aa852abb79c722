using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>The models a campaign needs and the work blocks it hands out.</summary>
public static class CampaignModels
{
    /// <summary>The classifier the slices of latent size <paramref name="d"/> explain (on CelebA: the trait network's <paramref name="trait"/>).</summary>
    public static ModelSpec Classifier(CampaignSpec spec, CampaignTraining training, int d, string? trait = null) =>
        spec.IsCeleba ? Face(spec, training.Classifier, ModelRole.FaceTrait, 0) with { Trait = trait ?? throw new ArgumentNullException(nameof(trait), "A CelebA campaign's classifier is one trait's.") }
        : spec.Model is not null ? User(spec, training, ModelRole.UserClassifier, d)
        : spec.Classifier == "vae-head" ? Model(spec, ModelRole.VaeHead, d) with { Training = training.Classifier, VaeTraining = training.Vae }
        : Model(spec, ModelRole.Cnn, 0) with { Training = training.Classifier };

    /// <summary>The latent model of size <paramref name="d"/>: the paper's VAE, or the user model's encoder and decoder.</summary>
    public static ModelSpec Vae(CampaignSpec spec, CampaignTraining training, int d) => spec.IsCeleba
        ? Face(spec, training.Vae, ModelRole.FaceLatent, d)
        : spec.Model is not null ? User(spec, training, ModelRole.UserLatent, d)
        : Model(spec, spec.Vae == "conv" ? ModelRole.ConvVae : ModelRole.Vae, d) with { Training = training.Vae };

    /// <summary>Every model of the campaign, once each.</summary>
    public static IReadOnlyList<ModelSpec> All(CampaignSpec spec, CampaignTraining training) =>
        [.. spec.LatentSizes.SelectMany(d => Traits(spec).Select(t => Classifier(spec, training, d, t)).Prepend(Vae(spec, training, d))).DistinctBy(m => m.Key)];

    /// <summary>The traits a campaign explains, each a slice per (mode, d): a CelebA campaign's (the paper's ten unless it names them); one null for every other campaign.</summary>
    public static IReadOnlyList<string?> Traits(CampaignSpec spec) => spec.IsCeleba ? [.. spec.Traits ?? Core.Data.Celeba.CelebaFiles.PaperTraits] : [null];

    /// <summary>Block <paramref name="block"/> of a slice: items [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static BatchWork Work(string campaignId, CampaignSpec spec, CampaignTraining training, SliceState slice, int block, int from, int to, IReadOnlyDictionary<string, string> checksums, string? imageDirectory, bool blockStorage)
    {
        var classifier = Classifier(spec, training, slice.LatentSize, slice.Trait);
        var vae = Vae(spec, training, slice.LatentSize);
        return new BatchWork
        {
            CampaignId = campaignId,
            Mode = slice.Mode,
            LatentSize = slice.LatentSize,
            Block = block,
            Items = slice.Searches.Range(from, to),
            Classifier = classifier,
            Vae = vae,
            ClassifierSha256 = checksums[classifier.Key],
            VaeSha256 = checksums[vae.Key],
            DataSha256 = slice.DataSha256,
            TestLimit = spec.TestLimit,
            Search = spec.Search,
            SearchOverrides = spec.SearchOverrides,
            Seed = spec.Seed,
            SearchOptions = slice.SearchOptions,
            ImageDirectory = imageDirectory,
            BlockStorage = blockStorage,
            Trait = slice.Trait,
        };
    }

    // A user model is loaded, never trained: it has no epochs, limit or seed.
    private static ModelSpec User(CampaignSpec spec, CampaignTraining training, ModelRole role, int d) => new()
    {
        Dataset = spec.Dataset,
        Role = role,
        LatentSize = d,
        UserModel = spec.Model,
        UserModelFingerprint = training.UserModelFingerprint ?? throw new InvalidOperationException($"Campaign on user model '{spec.Model}': no registration fingerprint was resolved."),
    };

    // The face models of a CelebA campaign: its face model choice and trait list, with the training options resolved at submit.
    private static ModelSpec Face(CampaignSpec spec, string? training, ModelRole role, int d) => new()
    {
        Dataset = spec.Dataset,
        Role = role,
        LatentSize = d,
        Epochs = spec.TrainingEpochs,
        TrainLimit = spec.TrainLimit,
        Training = training ?? throw new InvalidOperationException("A CelebA campaign's training options are resolved when it is submitted."),
        Face = (spec.FaceModel ?? new FaceModelChoice()) is var face ? face with { Kind = face.Kind.Trim().ToLowerInvariant() } : null,
        Traits = [.. Traits(spec).OfType<string>()],
    };

    // Training seed 0 and the paper's options: the service shares checkpoints with `lse reproduce`.
    private static ModelSpec Model(CampaignSpec spec, ModelRole role, int d) => new()
    {
        Dataset = spec.Dataset,
        Role = role,
        LatentSize = d,
        Epochs = spec.TrainingEpochs,
        TrainLimit = spec.TrainLimit,
    };
}
