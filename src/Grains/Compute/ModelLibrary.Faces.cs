using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Compute;

/// <summary>The face models and images of CelebA campaigns.</summary>
public sealed partial class ModelLibrary
{
    /// <summary>Folder under the model directory the face models are saved in (named as <see cref="FaceCheckpoints"/> names them).</summary>
    public const string FaceModelFolder = "faces";

    /// <summary>The copy of CelebA a face model spec names, opened once per image size and crop (its image cache is bounded).</summary>
    private CelebaDataset Celeba(ModelSpec spec)
    {
        var face = spec.Face!;
        string key = $"{spec.Dataset}|{face.ImageSize}|{face.Crop}";

        // Resolved once (the roots and every link under the folder checked; CelebA's holds 202,599 images), then kept.
        var entry = _celeba.GetOrAdd(key, _ => new Lazy<CelebaDataset>(() =>
        {
            string root = _paths.Resolve(spec.Dataset);
            LogData(_logger, $"Reading CelebA's annotations in {root} ({face.ImageSize}x{face.ImageSize}, crop {face.Crop}).");
            return CelebaDataset.Open(root, new CelebaOptions { ImageSize = face.ImageSize, Crop = face.Crop });
        }));
        try
        {
            return entry.Value;
        }
        catch
        {
            _celeba.TryRemove(new KeyValuePair<string, Lazy<CelebaDataset>>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// A face model: the generative model of its latent size, or one trait of the trait network (the network is trained
    /// or loaded once for all its traits). Saved under &lt;models&gt;/faces and loaded from there by the same settings.
    /// </summary>
    private LoadedModel LoadFace(ModelSpec spec, IProgressSink? progress, CancellationToken cancellationToken)
    {
        var data = Celeba(spec);
        var face = spec.Face!;
        var training = StoredOptions.Training(spec.Training!);
        string folder = Path.Combine(_modelDirectory, FaceModelFolder);
        LoadedModel loaded;
        if (spec.Role == ModelRole.FaceLatent)
        {
            var generative = FaceModelRecipes.Generative(face.Kind, spec.LatentSize, face.Width, face.ImageSize, face.BatchSize);
            var checkpoint = FaceModelRecipes.Generative(folder, data, generative, training, _device.Value, progress, cancellationToken);
            checkpoint.Model.eval();
            LogModel(_logger, $"{(checkpoint.Loaded ? "Loaded" : "Trained and saved")} face model {checkpoint.Path} ({checkpoint.Metadata.WeightsSha256[..12]}).");
            loaded = LoadedModel.From(checkpoint.Model, checkpoint.Metadata, checkpoint.Path);
        }
        else
        {
            // Called under the network's gate (Get): it is trained or loaded once for all its traits.
            var net = FaceModelRecipes.TraitNet(folder, data, spec.Traits!, training, _device.Value, progress, cancellationToken);
            net.Model.eval();
            LogModel(_logger, $"{(net.Loaded ? "Loaded" : "Trained and saved")} face trait network {net.Path} ({net.Metadata.WeightsSha256[..12]}).");
            _faceNets[spec.FaceNetKey] = net;
            return FaceTrait(spec, net);
        }

        _models[spec.Key] = loaded;
        return loaded;
    }

    /// <summary>One trait of a loaded trait network, as the two-class classifier its slices explain.</summary>
    private LoadedModel FaceTrait(ModelSpec spec, FaceCheckpoint<FaceTraitNet> net)
    {
        int trait = net.Model.Traits.ToList().IndexOf(spec.Trait!);
        if (trait < 0)
        {
            throw new ArgumentException($"Model spec: the face trait network {net.Path} has no trait '{spec.Trait}' (it has {string.Join(", ", net.Model.Traits)}).", nameof(spec));
        }

        var metrics = net.Metadata.Metrics.TryGetValue($"testAccuracy.{spec.Trait}", out double accuracy)
            ? new Dictionary<string, double> { ["testAccuracy"] = accuracy }
            : new Dictionary<string, double>();
        var loaded = new LoadedModel(net.Model.Trait(trait), net.Metadata.WeightsSha256, metrics, net.Path, net.Metadata);
        _models[spec.Key] = loaded;
        return loaded;
    }

    /// <summary>
    /// A face trait's test images: CelebA's test partition (its first <paramref name="testLimit"/> images, 0 = all), read
    /// once for all the campaign's traits, labelled 1 where the image has the trait; its checksum covers each file's bytes
    /// with its name and label.
    /// </summary>
    private TestData FaceTest(ModelSpec classifier, int testLimit)
    {
        var data = Celeba(classifier);
        string key = ImagesKey(classifier, testLimit);
        var entry = _faceTest.GetOrAdd(key, _ => new Lazy<FaceTestImages>(() =>
        {
            LogData(_logger, $"Reading CelebA's test images in {data.Root} at {data.Shape.Height}x{data.Shape.Width}.");
            return FaceTestImages.Read(data, testLimit);
        }));
        FaceTestImages images;
        try
        {
            images = entry.Value;
        }
        catch
        {
            _faceTest.TryRemove(new KeyValuePair<string, Lazy<FaceTestImages>>(key, entry));
            throw;
        }

        string trait = classifier.Trait!;
        int column = data.Annotations.AttributeIndex(trait);
        int[] labels = [.. images.Indices.Select(i => data.Annotations.Has(i, column) ? 1 : 0)];
        string[] classes = [$"not {trait}", trait];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int k = 0; k < labels.Length; k++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{data.Annotations.Files[images.Indices[k]]}\t{labels[k]}\t{images.FileSha256[k]}\n"));
        }

        var labelled = new LabelledImages($"celeba {trait}", data.Shape, images.Pixels, labels, images.Paths, classes);
        return new TestData(labelled, classes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
