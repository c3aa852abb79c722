using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Data;
using Orleans.Lse.Core.Tests.Search;
using Orleans.Lse.Core.Training;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Checkpoints;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CheckpointStoreTests
{
    private static CheckpointMetadata Meta(ModelKind kind, int d, string architecture) => new()
    {
        Kind = kind,
        LatentSize = d,
        Architecture = architecture,
        Dataset = "fixture",
        DatasetChecksum = "abc",
        Training = new TrainingOptions(),
        TorchSharpVersion = CheckpointStore.TorchSharpVersion,
        CoreVersion = CheckpointStore.CoreVersion,
        CreatedUtc = DateTimeOffset.UnixEpoch,
        WeightsSha256 = string.Empty,
        Metrics = new Dictionary<string, double> { ["test_accuracy"] = 0.5 },
    };

    [Fact]
    public void RoundTripReproducesOutputsAndMetadata()
    {
        using var dir = new TempDirectory();
        var (_, vae) = TinyModels.Create(3, seed: 5);
        string path = Path.Combine(dir.Path, "vae");
        var saved = CheckpointStore.Save(vae, Meta(ModelKind.Vae, 3, nameof(Vae)), path);

        var (loaded, meta) = CheckpointStore.Load(path, ModelKind.Vae, 3);

        Assert.Equal(saved.WeightsSha256, meta.WeightsSha256);
        Assert.Equal(64, meta.WeightsSha256.Length);
        Assert.Equal(0.5, meta.Metrics["test_accuracy"]);
        using var x = TinyModels.Images(3);
        using var noGrad = no_grad();
        Assert.Equal(vae.forward(x).data<float>().ToArray(), loaded.forward(x).data<float>().ToArray());
    }

    [Fact]
    public void CorruptWeightsAreAClearError()
    {
        using var dir = new TempDirectory();
        var (cnn, _) = TinyModels.Create(2);
        string path = Path.Combine(dir.Path, "cnn");
        CheckpointStore.Save(cnn, Meta(ModelKind.Cnn, 0, nameof(MnistCnn)), path);
        var bytes = File.ReadAllBytes(CheckpointStore.WeightsPath(path));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(CheckpointStore.WeightsPath(path), bytes);

        var ex = Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path));
        Assert.Contains("corrupt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cnn.weights", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedWeightsWithMatchingChecksumStillFailClearly()
    {
        using var dir = new TempDirectory();
        var (cnn, _) = TinyModels.Create(2);
        string path = Path.Combine(dir.Path, "cnn");
        var meta = CheckpointStore.Save(cnn, Meta(ModelKind.Cnn, 0, nameof(MnistCnn)), path);
        var bytes = File.ReadAllBytes(CheckpointStore.WeightsPath(path));
        File.WriteAllBytes(CheckpointStore.WeightsPath(path), bytes[..(bytes.Length / 3)]);
        // Re-sign the truncated file so that only the loader can notice.
        File.WriteAllText(CheckpointStore.MetadataPath(path), File.ReadAllText(CheckpointStore.MetadataPath(path)).Replace(meta.WeightsSha256, CheckpointStore.Sha256(CheckpointStore.WeightsPath(path)), StringComparison.Ordinal));

        var ex = Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path));
        Assert.Contains("do not fit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedKindOrLatentSizeIsAClearError()
    {
        using var dir = new TempDirectory();
        var (_, vae) = TinyModels.Create(4);
        string path = Path.Combine(dir.Path, "vae");
        CheckpointStore.Save(vae, Meta(ModelKind.Vae, 4, nameof(Vae)), path);

        Assert.Contains("latent size 4", Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path, ModelKind.Vae, 10)).Message, StringComparison.Ordinal);
        Assert.Contains("Cnn", Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path, ModelKind.Cnn)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightsOfAnotherArchitectureAreAClearError()
    {
        using var dir = new TempDirectory();
        var (_, vae) = TinyModels.Create(4);
        string path = Path.Combine(dir.Path, "vae");
        CheckpointStore.Save(vae, Meta(ModelKind.Vae, 4, nameof(Vae)), path);
        // Claim d = 6: the architecture builds, the weights do not fit it.
        File.WriteAllText(CheckpointStore.MetadataPath(path), File.ReadAllText(CheckpointStore.MetadataPath(path)).Replace("\"LatentSize\": 4", "\"LatentSize\": 6", StringComparison.Ordinal));

        var ex = Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path));
        Assert.Contains("do not fit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingOrInvalidMetadataIsAClearError()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "nothing");
        Assert.Contains("does not exist", Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path)).Message, StringComparison.Ordinal);

        File.WriteAllText(CheckpointStore.MetadataPath(path), "{ not json");
        Assert.Contains("not valid JSON", Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NanWeightsAreRejectedOnLoad()
    {
        using var dir = new TempDirectory();
        var (_, vae) = TinyModels.Create(2);
        using (no_grad())
        {
            vae.parameters().Last()[0] = tensor(float.NaN);
        }

        string path = Path.Combine(dir.Path, "vae");
        CheckpointStore.Save(vae, Meta(ModelKind.Vae, 2, nameof(Vae)), path);
        Assert.Contains("NaN", Assert.Throws<CheckpointException>(() => CheckpointStore.Load(path)).Message, StringComparison.Ordinal);
    }
}
