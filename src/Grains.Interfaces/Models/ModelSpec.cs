namespace Orleans.Lse.Grains.Models;

/// <summary>Everything that determines a trained model. Equal specs give the same checkpoint.</summary>
[GenerateSerializer, Alias("lse.ModelSpec")]
public sealed record ModelSpec
{
    /// <summary>mnist, fashion-mnist, or a directory of IDX files.</summary>
    [Id(0)] public required string Dataset { get; init; }

    [Id(1)] public required ModelRole Role { get; init; }

    /// <summary>Latent size d (VAE and VAE head); 0 for the CNN.</summary>
    [Id(2)] public int LatentSize { get; init; }

    /// <summary>Training epochs; 0 means the reproduction's default for the role.</summary>
    [Id(3)] public int Epochs { get; init; }

    /// <summary>Use only the first N training images (0 = all).</summary>
    [Id(4)] public int TrainLimit { get; init; }

    /// <summary>Seed of initialisation and shuffling.</summary>
    [Id(5)] public int Seed { get; init; }

    /// <summary>
    /// The model's training options, resolved when its campaign was submitted (JSON of the core's TrainingOptions, every
    /// option written out); null in campaigns submitted before, whose models train with the silo's defaults for the role
    /// and <see cref="Epochs"/>, <see cref="TrainLimit"/>, <see cref="Seed"/>.
    /// </summary>
    [Id(6)] public string? Training { get; init; }

    /// <summary>A VAE head's: the resolved training options of the VAE whose encoder it sits on.</summary>
    [Id(7)] public string? VaeTraining { get; init; }

    /// <summary>A user model's registry id (roles <see cref="ModelRole.UserClassifier"/> and <see cref="ModelRole.UserLatent"/>); null otherwise.</summary>
    [Id(8)] public string? UserModel { get; init; }

    /// <summary>The user model's registration fingerprint when its campaign was submitted (every file's SHA-256): a model registered again under the same id is another model.</summary>
    [Id(9)] public string? UserModelFingerprint { get; init; }

    /// <summary>A face model's (roles <see cref="ModelRole.FaceTrait"/> and <see cref="ModelRole.FaceLatent"/>): which models, at which image size.</summary>
    [Id(10)] public Campaigns.FaceModelChoice? Face { get; init; }

    /// <summary>The traits of the face trait network, in the order of its logits (both face roles: the network is one for the campaign).</summary>
    [Id(11)] public string[]? Traits { get; init; }

    /// <summary>A <see cref="ModelRole.FaceTrait"/>'s trait: one of <see cref="Traits"/>.</summary>
    [Id(12)] public string? Trait { get; init; }

    /// <summary>Whether this is a face model (CelebA campaigns).</summary>
    public bool IsFace => Role is ModelRole.FaceTrait or ModelRole.FaceLatent;

    /// <summary>Whether this is a registered user model, which is loaded, never trained.</summary>
    public bool IsUserModel => Role is ModelRole.UserClassifier or ModelRole.UserLatent;

    /// <summary>The grain key of this spec: readable and unique per spec (resolved options add a hash of them).</summary>
    public string Key => IsUserModel
        ? $"user/{UserModel}/{(Role == ModelRole.UserClassifier ? "classifier" : "latent")}/d{LatentSize}/f{(UserModelFingerprint is { Length: >= 12 } f ? f[..12] : UserModelFingerprint)}"
        : Role == ModelRole.FaceTrait ? $"{Dataset}/face-trait/{Trait}{OptionsSuffix}"
        : Role == ModelRole.FaceLatent ? $"{Dataset}/face-latent/d{LatentSize}{OptionsSuffix}"
        : $"{Dataset}/{Role.ToString().ToLowerInvariant()}/d{LatentSize}/e{Epochs}/n{TrainLimit}/s{Seed}{OptionsSuffix}";

    /// <summary>The key of the face trait network a <see cref="ModelRole.FaceTrait"/> is one trait of: the same for all its traits.</summary>
    public string FaceNetKey => $"{Dataset}/face-traits{OptionsSuffix}";

    private string OptionsSuffix => Training is null && VaeTraining is null && Face is null
        ? ""
        : "/t" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            Face is null ? $"{Training}|{VaeTraining}" : $"{Training}|{VaeTraining}|{Face}|{string.Join(',', Traits ?? [])}")))[..10];
}
