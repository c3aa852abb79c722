using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Checkpoints;

/// <summary>
/// Saves and loads model checkpoints: <c>name.weights</c> (TorchSharp state dict) and <c>name.json</c> (metadata).
/// Writes go to temporary files first and the metadata lands last, so a half-written checkpoint never looks complete.
/// </summary>
public static class CheckpointStore
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The library versions recorded in metadata.</summary>
    public static string TorchSharpVersion => typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>This assembly's version.</summary>
    public static string CoreVersion => typeof(CheckpointStore).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Path of the metadata file for a checkpoint base path.</summary>
    public static string MetadataPath(string basePath) => basePath + ".json";

    /// <summary>Path of the weights file for a checkpoint base path.</summary>
    public static string WeightsPath(string basePath) => basePath + ".weights";

    /// <summary>True when a complete checkpoint exists at <paramref name="basePath"/>.</summary>
    public static bool Exists(string basePath) => File.Exists(MetadataPath(basePath)) && File.Exists(WeightsPath(basePath));

    /// <summary>Writes the module's weights and the metadata (with the weights' checksum filled in). Returns the final metadata.</summary>
    public static CheckpointMetadata Save(nn.Module module, CheckpointMetadata metadata, string basePath)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(metadata);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(basePath))!);
        string weights = WeightsPath(basePath), meta = MetadataPath(basePath);
        string tmpWeights = weights + ".tmp", tmpMeta = meta + ".tmp";
        var device = module.parameters().FirstOrDefault()?.device ?? CPU;
        module.cpu();
        try
        {
            module.save(tmpWeights);
        }
        finally
        {
            module.to(device);
        }

        var final = metadata with { WeightsSha256 = Sha256(tmpWeights) };
        File.WriteAllText(tmpMeta, JsonSerializer.Serialize(final, s_json));
        File.Move(tmpWeights, weights, overwrite: true);
        File.Move(tmpMeta, meta, overwrite: true);
        return final;
    }

    /// <summary>Reads and checks a checkpoint's metadata.</summary>
    public static CheckpointMetadata ReadMetadata(string basePath)
    {
        string meta = MetadataPath(basePath);
        if (!File.Exists(meta))
        {
            throw new CheckpointException(meta, "the metadata file does not exist.");
        }

        CheckpointMetadata? result;
        try
        {
            result = JsonSerializer.Deserialize<CheckpointMetadata>(File.ReadAllText(meta), s_json);
        }
        catch (JsonException ex)
        {
            throw new CheckpointException(meta, $"the metadata is not valid JSON ({ex.Message}).", ex);
        }

        if (result is null)
        {
            throw new CheckpointException(meta, "the metadata is empty.");
        }

        if (result.Format != CheckpointMetadata.CurrentFormat)
        {
            throw new CheckpointException(meta, $"format {result.Format} is not supported (this build reads format {CheckpointMetadata.CurrentFormat}).");
        }

        return result;
    }

    /// <summary>
    /// Builds the module that <paramref name="basePath"/> describes and loads its weights, after checking the checksum and
    /// that kind and latent size match <paramref name="expectedKind"/>/<paramref name="expectedLatentSize"/> when given.
    /// <paramref name="build"/> makes the empty module from the metadata (default: <see cref="ModelFactory"/>'s MNIST models).
    /// </summary>
    public static (nn.Module<Tensor, Tensor> Module, CheckpointMetadata Metadata) Load(string basePath, ModelKind? expectedKind = null, int? expectedLatentSize = null, Func<CheckpointMetadata, nn.Module<Tensor, Tensor>>? build = null)
    {
        var metadata = ReadMetadata(basePath);
        string weights = WeightsPath(basePath);
        if (expectedKind is not null && metadata.Kind != expectedKind)
        {
            throw new CheckpointException(weights, $"holds a {metadata.Kind} model, but a {expectedKind} model was asked for.");
        }

        if (expectedLatentSize is not null && metadata.LatentSize != expectedLatentSize)
        {
            throw new CheckpointException(weights, $"has latent size {metadata.LatentSize}, but {expectedLatentSize} was asked for.");
        }

        if (!File.Exists(weights))
        {
            throw new CheckpointException(weights, "the weights file does not exist.");
        }

        string actual = Sha256(weights);
        if (!string.Equals(actual, metadata.WeightsSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointException(weights, $"the weights are corrupt: SHA-256 {actual} does not match the recorded {metadata.WeightsSha256}.");
        }

        // Building the module draws initial weights (overwritten below) from the global generator: not while a training holds it.
        var module = Trainer.Seeded(0, () => build is null ? ModelFactory.Create(metadata.Kind, metadata.LatentSize) : build(metadata));
        if (module.GetType().Name != metadata.Architecture)
        {
            module.Dispose();
            throw new CheckpointException(weights, $"architecture {metadata.Architecture} does not match {module.GetType().Name}.");
        }

        try
        {
            module.load(weights, strict: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            module.Dispose();
            throw new CheckpointException(weights, $"the weights do not fit a {metadata.Architecture} (d={metadata.LatentSize}): {ex.Message}", ex);
        }

        foreach (var (name, p) in module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(module.named_buffers().Where(b => b.buffer.is_floating_point())))
        {
            using var finite = p.isfinite().all();
            if (!finite.item<bool>())
            {
                module.Dispose();
                throw new CheckpointException(weights, $"'{name}' contains NaN or infinite values.");
            }
        }

        if (module is VaeHeadClassifier head)
        {
            head.FreezeEncoder();
        }

        module.eval();
        return (module, metadata);
    }

    /// <summary>Lowercase hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
