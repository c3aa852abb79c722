using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Data.Celeba;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Faces;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Core.Training;
using Orleans.Lse.Core.UserModels;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// This silo's datasets and models: loads checkpoints from &lt;data&gt;/models (training them when absent, with the
/// training options the spec carries) and registered user models from the registry (checksums verified), and keeps them
/// in memory. Blocking and thread-safe; call it off the grain scheduler.
/// </summary>
public sealed partial class ModelLibrary
{
    private readonly ConcurrentDictionary<string, Lazy<DatasetSplits>> _datasets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LoadedModel> _models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lock> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SharedProgress> _progress = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<TestData>> _testData = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<CelebaDataset>> _celeba = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<FaceTestImages>> _faceTest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FaceCheckpoint<FaceTraitNet>> _faceNets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots;
    private readonly ILogger<ModelLibrary> _logger;
    private readonly string _datasetDirectory;
    private readonly string _modelDirectory;
    private readonly Lazy<Device> _device;
    private readonly DatasetPaths _paths;
    private readonly int? _threads;

    public ModelLibrary(IOptions<LseClusterOptions> cluster, IOptions<ComputeOptions> compute, DatasetPaths paths, ILogger<ModelLibrary> logger)
    {
        _logger = logger;
        _paths = paths;
        _datasetDirectory = cluster.Value.ResolvedDatasetDirectory;
        _modelDirectory = cluster.Value.ResolvedModelDirectory;
        UserModels = new UserModelRegistry(cluster.Value.ResolvedUserModelDirectory);
        _slots = new SemaphoreSlim(compute.Value.MaxConcurrentTrainings);
        _threads = compute.Value.Threads > 0 ? compute.Value.Threads : null;
        var kind = compute.Value.DeviceKind;
        _device = new Lazy<Device>(() =>
        {
            TorchRuntime.EnsureInitialized();
            return ComputeDevice.Resolve(kind, message => LogDevice(_logger, message));
        });
    }

    /// <summary>The device models live on.</summary>
    public Device Device => _device.Value;

    /// <summary>The registry of users' models this silo loads from (<see cref="LseClusterOptions.UserModelDirectory"/>).</summary>
    public UserModelRegistry UserModels { get; }

    /// <summary>Loads (once) a dataset by name, or a directory inside the silo's dataset roots (<see cref="DatasetPaths"/>).</summary>
    public DatasetSplits Dataset(string dataset)
    {
        string name = _paths.Resolve(dataset);

        // Lazy: two callers never fetch or convert the same dataset at once. A failure is not kept: the next call tries again.
        var entry = _datasets.GetOrAdd(name, n => new Lazy<DatasetSplits>(() => new DatasetCatalog(_datasetDirectory, message => LogData(_logger, message)).Load(n)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _datasets.TryRemove(new KeyValuePair<string, Lazy<DatasetSplits>>(name, entry));
            throw;
        }
    }

    /// <summary>
    /// The first <paramref name="testLimit"/> test images (0 = all) the classifier of <paramref name="classifier"/> is
    /// explained on: its dataset's test split, or for a user model its image folder (or a known dataset of its shape),
    /// read in the model's shape and classes. Loaded once; a failure is not kept.
    /// </summary>
    public TestData Test(ModelSpec classifier, int testLimit)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        string key = TestKey(classifier, testLimit);
        var entry = _testData.GetOrAdd(key, _ => new Lazy<TestData>(() => LoadTest(classifier, testLimit)));
        try
        {
            return entry.Value;
        }
        catch
        {
            _testData.TryRemove(new KeyValuePair<string, Lazy<TestData>>(key, entry));
            throw;
        }
    }

    /// <summary>What identifies the test images and labels of <see cref="Test"/>: the dataset, the limit and, for a user model, its registration; for a face trait, its images and trait.</summary>
    public static string TestKey(ModelSpec classifier, int testLimit) => classifier.Role == ModelRole.FaceTrait
        ? $"{ImagesKey(classifier, testLimit)}|{classifier.Trait}"
        : $"{classifier.Dataset}|{testLimit}|{(classifier.IsUserModel ? $"{classifier.UserModel}|{classifier.UserModelFingerprint}" : "")}";

    /// <summary>What identifies the test images alone: a face campaign's traits share them (their labels differ).</summary>
    public static string ImagesKey(ModelSpec classifier, int testLimit) => classifier.Role == ModelRole.FaceTrait
        ? $"{classifier.Dataset}|{testLimit}|celeba|{classifier.Face?.ImageSize}|{classifier.Face?.Crop}"
        : TestKey(classifier, testLimit);

    private TestData LoadTest(ModelSpec classifier, int testLimit)
    {
        if (classifier.Role == ModelRole.FaceTrait)
        {
            return FaceTest(classifier, testLimit);
        }

        if (!classifier.IsUserModel)
        {
            var splits = Dataset(classifier.Dataset);
            return TestData.From(splits.Test, testLimit, splits.ClassNames);
        }

        var manifest = Registered(classifier).Manifest!;
        string name = _paths.Resolve(classifier.Dataset);
        if (KnownDatasets.IsKnown(name) || Directory.EnumerateFiles(name, "*idx3-ubyte*").Any())
        {
            // IDX images are grey bytes: the model must take the dataset's shape and classes.
            var splits = Dataset(classifier.Dataset);
            var test = TestData.From(splits.Test, testLimit, manifest.ClassNames);
            if (test.Shape != manifest.ImageShape || splits.Test.ClassCount > manifest.ClassNames.Count)
            {
                throw new DatasetException($"Dataset '{classifier.Dataset}' has {test.Shape.Channels}x{test.Shape.Height}x{test.Shape.Width} images of {splits.Test.ClassCount} classes; "
                    + $"model '{classifier.UserModel}' takes {manifest.ImageShape.Channels}x{manifest.ImageShape.Height}x{manifest.ImageShape.Width} images of {manifest.ClassNames.Count} classes.");
            }

            return test;
        }

        LogData(_logger, $"Reading the image folder {name} for model {classifier.UserModel} ({manifest.ImageShape.Channels}x{manifest.ImageShape.Height}x{manifest.ImageShape.Width}).");
        return TestData.From(ImageFolderLoader.Load(name, manifest.ImageShape, manifest.ClassNames, limit: testLimit), name);
    }

    /// <summary>The registration a user model spec names, refused if it was registered again since the spec was made.</summary>
    private RegisteredModel Registered(ModelSpec spec)
    {
        var registered = UserModels.Get(spec.UserModel!);
        if (registered.Fingerprint != spec.UserModelFingerprint)
        {
            throw new UserModelException($"Model '{spec.UserModel}' was registered again since its campaign was submitted (fingerprint {registered.Fingerprint[..12]}, the campaign's {spec.UserModelFingerprint?[..Math.Min(12, spec.UserModelFingerprint.Length)]}): submit a new campaign for it.");
        }

        return registered;
    }

    /// <summary>Loads the model of <paramref name="spec"/>, training it first if no checkpoint exists; training stops when <paramref name="cancellationToken"/> fires.</summary>
    public LoadedModel Get(ModelSpec spec, IProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(spec);
        if (_models.TryGetValue(spec.Key, out var cached))
        {
            return cached;
        }

        if (spec.Role == ModelRole.VaeHead)
        {
            // The head's encoder first, under its own key: whoever else needs that VAE waits for the same training, so
            // cancelling the head does not cancel it (the VAE's own model grain stops it when nobody needs it).
            Get(HeadVae(spec), progress);
            cancellationToken.ThrowIfCancellationRequested();
        }

        // Two callers asking for the same spec must not both train it; unrelated specs only share the slots. A face
        // campaign's traits share one network: they wait on its gate, and once it is in memory take no slot.
        // Whoever waits at the gate hears the training's progress too (each trait's model grain shows the network's).
        string gateKey = spec.Role == ModelRole.FaceTrait ? spec.FaceNetKey : spec.Key;
        var gate = _gates.GetOrAdd(gateKey, _ => new Lock());
        var shared = _progress.GetOrAdd(gateKey, _ => new SharedProgress());
        using var watching = shared.Watch(progress);
        lock (gate)
        {
            if (_models.TryGetValue(spec.Key, out cached))
            {
                return cached;
            }

            if (spec.Role == ModelRole.FaceTrait && _faceNets.TryGetValue(spec.FaceNetKey, out var net))
            {
                return FaceTrait(spec, net);
            }

            // A user model is loaded, not trained: it does not wait behind trainings for a slot.
            if (spec.IsUserModel)
            {
                return LoadUser(spec);
            }

            _slots.Wait(cancellationToken);
            try
            {
                return Load(spec, shared, cancellationToken);
            }
            finally
            {
                shared.Clear();
                _slots.Release();
            }
        }
    }

    /// <summary>The VAE a head sits on: the same spec its campaign trains, hence the same key and checkpoint.</summary>
    private static ModelSpec HeadVae(ModelSpec head) => head with { Role = ModelRole.Vae, Training = head.VaeTraining, VaeTraining = null };

    private LoadedModel Load(ModelSpec spec, IProgressSink? progress, CancellationToken cancellationToken)
    {
        // A pool thread takes libtorch's process-wide thread count when it first computes, and the executor lowers that
        // count during its steps of few rows: set this thread's own, so that a model trains with the same count (and the
        // same floats) whenever it trains, and give the caller's back after (the executor loads models on its thread).
        TorchRuntime.EnsureInitialized();
        int callerThreads = get_num_threads();
        ComputeDevice.ConfigureThreads(_threads);
        try
        {
            return LoadWithThreadsSet(spec, progress, cancellationToken);
        }
        finally
        {
            ComputeDevice.ConfigureThreads(callerThreads);
        }
    }

    private LoadedModel LoadWithThreadsSet(ModelSpec spec, IProgressSink? progress, CancellationToken cancellationToken)
    {
        if (spec.IsFace)
        {
            return LoadFace(spec, progress, cancellationToken);
        }

        var data = Dataset(spec.Dataset);

        // Converts the dataset only if a model has to be trained.
        using var tensors = new TensorSet(data, _device.Value);
        var repository = new ModelRepository(_modelDirectory, _device.Value, progress, message => LogModel(_logger, message), cancellationToken);
        LoadedModel loaded;
        switch (spec.Role)
        {
            case ModelRole.Cnn:
            {
                var options = Training(PaperTraining.Classifier, spec);
                var (module, meta) = repository.GetCnn(data, tensors, options);
                loaded = LoadedModel.From(module, meta, repository.PathFor(ModelKind.Cnn, 0, data, options));
                break;
            }

            case ModelRole.Vae or ModelRole.ConvVae:
            {
                var options = Training(PaperTraining.Vae, spec);
                var kind = spec.Role == ModelRole.Vae ? ModelKind.Vae : ModelKind.ConvVae;
                var (module, meta) = repository.GetVae(data, tensors, spec.LatentSize, options, kind);
                loaded = LoadedModel.From(module, meta, repository.PathFor(kind, spec.LatentSize, data, options));
                break;
            }

            default:
            {
                var vaeSpec = HeadVae(spec);
                var vae = _models[vaeSpec.Key];
                var vaeOptions = Training(PaperTraining.Vae, vaeSpec);
                var (vaeModule, vaeMeta) = ((Vae)vae.Module, vae.Metadata!);
                var options = Training(PaperTraining.Classifier, spec);
                var (module, meta) = repository.GetVaeHead(data, tensors, vaeModule, vaeMeta, options);
                loaded = LoadedModel.From(module, meta, $"(head on {repository.PathFor(ModelKind.Vae, spec.LatentSize, data, vaeOptions)})");
                break;
            }
        }

        _models[spec.Key] = loaded;
        return loaded;
    }

    /// <summary>A registered user model's classifier or latent model, its files' checksums verified, on this silo's device.</summary>
    private LoadedModel LoadUser(ModelSpec spec)
    {
        var registered = Registered(spec);
        if (registered.Manifest!.LatentSize != spec.LatentSize)
        {
            throw new UserModelException($"Model '{spec.UserModel}' has latent size {registered.Manifest.LatentSize}; the campaign asks for d = {spec.LatentSize}.");
        }

        // Both parts load together, once, so the other part's spec finds its module here too.
        var classifierSpec = spec with { Role = ModelRole.UserClassifier };
        var latentSpec = spec with { Role = ModelRole.UserLatent };
        lock (_gates.GetOrAdd($"user/{spec.UserModel}/{spec.UserModelFingerprint}", _ => new Lock()))
        {
            if (_models.TryGetValue(spec.Key, out var loaded))
            {
                return loaded;
            }

            OpenUser(registered, classifierSpec, latentSpec);
        }

        return _models[spec.Key];
    }

    private void OpenUser(RegisteredModel registered, ModelSpec classifierSpec, ModelSpec latentSpec)
    {
        // The files of this registration, each checked against its checksum: a registration made meanwhile is not taken for it.
        var user = UserModels.Open(registered);
        try
        {
            user.Classifier.to(_device.Value);
            user.Latent.to(_device.Value);
        }
        catch
        {
            user.Dispose();
            throw;
        }

        var metrics = new Dictionary<string, double> { ["latentGradient"] = registered.Check.LatentGradient };
        if (registered.Check.ReconstructionError is { } mse)
        {
            metrics["reconstructionMse"] = mse;
        }

        _models[classifierSpec.Key] = new LoadedModel(user.Classifier, registered.ClassifierSha256, metrics, registered.Directory);
        _models[latentSpec.Key] = new LoadedModel(user.Latent, registered.LatentSha256, metrics, registered.Directory);
        LogModel(_logger, $"Loaded user model {registered.Id} from {registered.Directory} (classifier {registered.ClassifierSha256[..12]}, latent model {registered.LatentSha256[..12]}).");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming what is wrong with <paramref name="spec"/>.</summary>
    public static void Validate(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Dataset))
        {
            throw new ArgumentException("Model spec: dataset must not be empty.", nameof(spec));
        }

        if (!Enum.IsDefined(spec.Role))
        {
            throw new ArgumentException($"Model spec: unknown role {(int)spec.Role}.", nameof(spec));
        }

        if (spec.IsUserModel != spec.UserModel is not null || spec.IsUserModel != spec.UserModelFingerprint is not null)
        {
            throw new ArgumentException($"Model spec: a user model's role names its registered id and fingerprint, and only such a role does (role {spec.Role}).", nameof(spec));
        }

        if (spec.IsUserModel && (!UserModelRegistry.IsValidId(spec.UserModel) || spec.UserModelFingerprint is not { Length: 64 } fingerprint || !fingerprint.All(char.IsAsciiHexDigitLower)))
        {
            throw new ArgumentException("Model spec: a user model needs a registered model's id and a 64-digit lower-case hex fingerprint.", nameof(spec));
        }

        if (spec.Role is ModelRole.Cnn or ModelRole.FaceTrait ? spec.LatentSize != 0 : spec.LatentSize < 1)
        {
            throw new ArgumentException($"Model spec: latent size d must be >= 1 for a {spec.Role} and 0 for a classifier that has none (got {spec.LatentSize}).", nameof(spec));
        }

        if (spec.IsFace != (spec.Face is not null) || (spec.IsFace && (spec.Training is null || spec.Traits is not { Length: > 0 } traits || (spec.Role == ModelRole.FaceTrait) != (spec.Trait is not null) || (spec.Trait is { } trait && !traits.Contains(trait, StringComparer.Ordinal)))))
        {
            throw new ArgumentException($"Model spec: a face model names its face models, training options and traits (a trait's role one of them), and only a face model does (role {spec.Role}).", nameof(spec));
        }

        if (spec.Epochs < 0 || spec.TrainLimit < 0)
        {
            throw new ArgumentException($"Model spec: epochs and train limit must be >= 0 (got {spec.Epochs}, {spec.TrainLimit}).", nameof(spec));
        }
    }

    /// <summary>The spec's resolved options; for specs without them (campaigns submitted before), the role's defaults with the spec's epochs, limit and seed.</summary>
    private static TrainingOptions Training(TrainingOptions defaults, ModelSpec spec) => spec.Training is { } resolved ? StoredOptions.Training(resolved) : defaults with
    {
        Epochs = spec.Epochs > 0 ? spec.Epochs : defaults.Epochs,
        TrainLimit = spec.TrainLimit,
        Seed = spec.Seed,
    };
}
