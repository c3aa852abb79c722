using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Training;

namespace Orleans.Lse.Core.Checkpoints;

/// <summary>What a checkpoint holds and how it was made; stored as JSON beside the weights.</summary>
public sealed record CheckpointMetadata
{
    /// <summary>Bumped when the layout of checkpoints changes.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required ModelKind Kind { get; init; }

    /// <summary>Latent size d of the VAE (or of the VAE under a head); 0 for the CNN.</summary>
    public int LatentSize { get; init; }

    /// <summary>Architecture name (the module's class), checked on load.</summary>
    public required string Architecture { get; init; }
    public required string Dataset { get; init; }
    public required string DatasetChecksum { get; init; }
    public required TrainingOptions Training { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public required string TorchSharpVersion { get; init; }
    public required string CoreVersion { get; init; }
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>SHA-256 of the weights file, verified before loading.</summary>
    public required string WeightsSha256 { get; init; }

    /// <summary>Training seconds.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Side of the square images a face model takes; 0 for the MNIST models (28x28 grey).</summary>
    public int ImageSize { get; init; }

    /// <summary>The VAE-GAN's width (channels of its first layer); 0 for other models.</summary>
    public int Width { get; init; }

    /// <summary>The trait network's traits, in the order of its logits; empty for other models.</summary>
    public IReadOnlyList<string> Traits { get; init; } = [];
}
