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

    /// <summary>The grain key of this spec: readable and unique per spec.</summary>
    public string Key => $"{Dataset}/{Role.ToString().ToLowerInvariant()}/d{LatentSize}/e{Epochs}/n{TrainLimit}/s{Seed}";
}
