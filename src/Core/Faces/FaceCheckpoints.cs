using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// Face models trained once: each is saved in a folder under a name that holds everything that made it (kind, latent
/// size, image size and crop, width, traits, training options, and the SHA-256 of the two annotation files), and loaded
/// from there, checksum checked, whenever the same model is asked for again.
/// </summary>
public static class FaceCheckpoints
{
    /// <summary>
    /// Part of every checkpoint's name: raised whenever a face model's architecture or training changes, so that models
    /// made the old way are trained again rather than loaded (or refused for not fitting).
    /// </summary>
    public const int Recipe = 1;

    /// <summary>SHA-256 of the attribute and partition files: which images, with which labels, in which partition.</summary>
    public static string DataChecksum(CelebaDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in new[] { CelebaFiles.AttributesFile, CelebaFiles.PartitionFile })
        {
            hash.AppendData(File.ReadAllBytes(Path.Combine(data.Root, file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// The model <paramref name="spec"/> describes, from <paramref name="folder"/> when it was trained before, else built
    /// with the training's seed, trained by <paramref name="train"/> (which returns the test metrics) and saved there. The
    /// model is on <paramref name="device"/> (default the CPU) before it trains and when it is returned.
    /// </summary>
    public static FaceCheckpoint<T> LoadOrTrain<T>(string folder, CelebaDataset data, FaceModelSpec spec, TrainingOptions training, Func<T, IReadOnlyDictionary<string, double>> train, Device? device = null, CancellationToken cancellationToken = default)
        where T : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        training.Validate();
        string checksum = DataChecksum(data);
        string path = Path.Combine(folder, Name(spec, data.Options, training, checksum));

        // A saved model loads without the lock (the folder may be read-only); otherwise whoever shares the folder and
        // asks for the same model waits for the one training it, then loads it.
        using var held = CheckpointStore.Exists(path) ? null : CheckpointLock.Acquire(path, cancellationToken);
        if (CheckpointStore.Exists(path))
        {
            nn.Module<Tensor, Tensor> module;
            CheckpointMetadata metadata;
            try
            {
                (module, metadata) = CheckpointStore.Load(path, spec.Kind, spec.LatentSize, FaceModels.Create);
            }
            catch (CheckpointException ex)
            {
                throw new CheckpointException(path, $"{ex.Problem} Delete {path}.json and {path}.weights to train it again.", ex);
            }

            if (module is not T typed)
            {
                module.Dispose();
                throw new CheckpointException(path, $"holds a {module.GetType().Name}, not a {typeof(T).Name}.");
            }

            typed.to(device ?? CPU);
            return new FaceCheckpoint<T>(typed, metadata, path, Loaded: true);
        }

        var template = new CheckpointMetadata
        {
            Kind = spec.Kind,
            LatentSize = spec.LatentSize,
            ImageSize = data.Shape.Height,
            Width = spec.Width,
            Traits = spec.Traits,
            Architecture = "",
            Dataset = "celeba",
            DatasetChecksum = checksum,
            Training = training,
            TorchSharpVersion = CheckpointStore.TorchSharpVersion,
            CoreVersion = CheckpointStore.CoreVersion,
            CreatedUtc = DateTimeOffset.UtcNow,
            WeightsSha256 = "",
        };
        var model = (T)Trainer.Seeded(training.Seed, () => FaceModels.Create(template));
        try
        {
            model.to(device ?? CPU);
            var clock = Stopwatch.StartNew();
            var metrics = train(model);
            var saved = CheckpointStore.Save(model, template with
            {
                Architecture = model.GetType().Name,
                Metrics = metrics,
                TrainSeconds = clock.Elapsed.TotalSeconds,
                CreatedUtc = DateTimeOffset.UtcNow,
            }, path);
            return new FaceCheckpoint<T>(model, saved, path, Loaded: false);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The checkpoint's file name: readable kind and sizes, then a hash of everything else that made the model.</summary>
    public static string Name(FaceModelSpec spec, CelebaOptions data, TrainingOptions training, string dataChecksum)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(training);
        string key = string.Join('|', Recipe, spec.Kind, spec.LatentSize, spec.Width, string.Join(',', spec.Traits), data.ImageSize, data.Crop,
            training.Epochs, training.BatchSize, training.LearningRate.ToString("R", CultureInfo.InvariantCulture), training.Seed, training.AugmentShift, training.TrainLimit, dataChecksum);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        string latent = spec.LatentSize > 0 ? $"-d{spec.LatentSize}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{spec.Kind.ToString().ToLowerInvariant()}{latent}-{data.ImageSize}px-{hash}");
    }
}
