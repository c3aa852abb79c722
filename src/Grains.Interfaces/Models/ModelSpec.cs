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

    /// <summary>Whether this is a registered user model, which is loaded, never trained.</summary>
    public bool IsUserModel => Role is ModelRole.UserClassifier or ModelRole.UserLatent;

    /// <summary>The grain key of this spec: readable and unique per spec (resolved options add a hash of them).</summary>
    public string Key => IsUserModel
        ? $"user/{UserModel}/{(Role == ModelRole.UserClassifier ? "classifier" : "latent")}/d{LatentSize}/f{(UserModelFingerprint is { Length: >= 12 } f ? f[..12] : UserModelFingerprint)}"
        : $"{Dataset}/{Role.ToString().ToLowerInvariant()}/d{LatentSize}/e{Epochs}/n{TrainLimit}/s{Seed}{OptionsSuffix}";

    private string OptionsSuffix => Training is null && VaeTraining is null
        ? ""
        : "/t" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{Training}|{VaeTraining}")))[..10];
}
