using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Determinism;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Checkpoints;

/// <summary>
/// Trains models on demand and keeps them as checkpoints keyed by (kind, d, architecture, dataset checksum, training
/// options): asking
/// twice for the same spec loads the checkpoint instead of training again.
/// </summary>
public sealed class ModelRepository(string directory, Device device, IProgressSink? progress = null, Action<string>? log = null, CancellationToken cancellationToken = default)
{
    private readonly IProgressSink _progress = progress ?? NullProgressSink.Instance;

    /// <summary>Where checkpoints live.</summary>
    public string Directory { get; } = directory;

    /// <summary>The checkpoint base path for a spec.</summary>
    public string PathFor(ModelKind kind, int latentSize, DatasetSplits data, TrainingOptions options)
    {
        var key = JsonSerializer.Serialize(new { kind = kind.ToString(), latentSize, data.Checksum, options, architecture = ModelFactory.Signature(kind, latentSize) });
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        var name = kind == ModelKind.Cnn ? "cnn" : $"{kind.ToString().ToLowerInvariant()}-d{latentSize}";
        return Path.Combine(Directory, data.Name, $"{name}-{hash}");
    }

    /// <summary>Loads or trains a VAE with latent size <paramref name="latentSize"/>: the paper's MLP (<see cref="ModelKind.Vae"/>) or a convolutional one (<see cref="ModelKind.ConvVae"/>).</summary>
    public (GaussianVae Model, CheckpointMetadata Metadata) GetVae(DatasetSplits data, TensorSet tensors, int latentSize, TrainingOptions options, ModelKind kind = ModelKind.Vae)
    {
        if (kind is not (ModelKind.Vae or ModelKind.ConvVae))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A VAE is Vae (the paper's MLP) or ConvVae.");
        }

        string name = kind == ModelKind.Vae ? "VAE" : "conv VAE";
        var path = PathFor(kind, latentSize, data, options);
        if (CheckpointStore.Exists(path))
        {
            var (module, meta) = CheckpointStore.Load(path, kind, latentSize);
            log?.Invoke($"loaded {name} d={latentSize} from {path} (ELBO {meta.Metrics.GetValueOrDefault("test_elbo"):F2})");
            return ((GaussianVae)module.to(device), meta);
        }

        var vae = (GaussianVae)Trainer.Seeded(options.Seed, () => ModelFactory.Create(kind, latentSize));
        vae.to(device);
        var clock = Stopwatch.StartNew();
        var metrics = Trainer.TrainVae(vae, tensors.TrainX, tensors.TestX, options, _progress, cancellationToken);
        var saved = CheckpointStore.Save(vae, Describe(kind, latentSize, vae.GetType().Name, data, options, clock.Elapsed, new Dictionary<string, double>
        {
            ["test_reconstruction"] = metrics.Reconstruction,
            ["test_kl"] = metrics.Kl,
            ["test_elbo"] = metrics.Elbo,
        }), path);
        log?.Invoke($"trained {name} d={latentSize} in {clock.Elapsed.TotalSeconds:F0}s: test reconstruction {metrics.Reconstruction:F2}, ELBO {metrics.Elbo:F2} nats -> {path}");
        return (vae, saved);
    }

    /// <summary>Loads or trains the CNN classifier.</summary>
    public (ImageClassifier Model, CheckpointMetadata Metadata) GetCnn(DatasetSplits data, TensorSet tensors, TrainingOptions options)
    {
        var path = PathFor(ModelKind.Cnn, 0, data, options);
        if (CheckpointStore.Exists(path))
        {
            var (module, meta) = CheckpointStore.Load(path, ModelKind.Cnn);
            log?.Invoke($"loaded CNN from {path} (test accuracy {meta.Metrics.GetValueOrDefault("test_accuracy"):P2})");
            return ((ImageClassifier)module.to(device), meta);
        }

        var cnn = Trainer.Seeded(options.Seed, () => new MnistCnn());
        cnn.to(device);
        var clock = Stopwatch.StartNew();
        double accuracy = Trainer.TrainClassifier(cnn, cnn.parameters(), tensors.TrainX, tensors.TrainY, tensors.TestX, tensors.TestY, options, _progress, cancellationToken);
        var saved = CheckpointStore.Save(cnn, Describe(ModelKind.Cnn, 0, nameof(MnistCnn), data, options, clock.Elapsed, new Dictionary<string, double> { ["test_accuracy"] = accuracy }), path);
        log?.Invoke($"trained CNN in {clock.Elapsed.TotalSeconds:F0}s: test accuracy {accuracy:P2} -> {path}");
        return (cnn, saved);
    }

    /// <summary>Loads or trains the paper's classifier: a head on the frozen encoder of <paramref name="vae"/>.</summary>
    public (ImageClassifier Model, CheckpointMetadata Metadata) GetVaeHead(DatasetSplits data, TensorSet tensors, Vae vae, CheckpointMetadata vaeMetadata, TrainingOptions options)
    {
        // The head's key includes the VAE's weights checksum: a different encoder is a different classifier.
        var keyed = options with { Seed = options.Seed ^ StableHash.Of(vaeMetadata.WeightsSha256) };
        var path = PathFor(ModelKind.VaeHead, vae.LatentSize, data, keyed);
        if (CheckpointStore.Exists(path))
        {
            var (module, meta) = CheckpointStore.Load(path, ModelKind.VaeHead, vae.LatentSize);
            log?.Invoke($"loaded VAE-head classifier d={vae.LatentSize} from {path} (test accuracy {meta.Metrics.GetValueOrDefault("test_accuracy"):P2})");
            return ((ImageClassifier)module.to(device), meta);
        }

        var head = Trainer.Seeded(options.Seed, () => new VaeHeadClassifier(vae.LatentSize));
        head.to(device);
        head.UseEncoderOf(vae);
        var clock = Stopwatch.StartNew();
        double accuracy = Trainer.TrainClassifier(head, head.HeadParameters(), tensors.TrainX, tensors.TrainY, tensors.TestX, tensors.TestY, options, _progress, cancellationToken);
        var saved = CheckpointStore.Save(head, Describe(ModelKind.VaeHead, vae.LatentSize, nameof(VaeHeadClassifier), data, options, clock.Elapsed, new Dictionary<string, double> { ["test_accuracy"] = accuracy }), path);
        log?.Invoke($"trained VAE-head classifier d={vae.LatentSize} in {clock.Elapsed.TotalSeconds:F0}s: test accuracy {accuracy:P2} -> {path}");
        return (head, saved);
    }

    private static CheckpointMetadata Describe(ModelKind kind, int d, string architecture, DatasetSplits data, TrainingOptions options, TimeSpan elapsed, Dictionary<string, double> metrics) => new()
    {
        Kind = kind,
        LatentSize = d,
        Architecture = architecture,
        Dataset = data.Name,
        DatasetChecksum = data.Checksum,
        Training = options,
        Metrics = metrics,
        TorchSharpVersion = CheckpointStore.TorchSharpVersion,
        CoreVersion = CheckpointStore.CoreVersion,
        CreatedUtc = DateTimeOffset.UtcNow,
        WeightsSha256 = string.Empty,
        TrainSeconds = elapsed.TotalSeconds,
    };
}
