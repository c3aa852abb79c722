namespace Orleans.Lse.Core.UserModels;

/// <summary>A user's classifier and latent model loaded from a manifest's folder (on the CPU; the engine moves them).</summary>
public sealed class UserModel : IDisposable
{
    private UserModel(ModelManifest manifest, string directory, TorchScriptClassifier classifier, TorchScriptLatentModel latent)
    {
        Manifest = manifest;
        Directory = directory;
        Classifier = classifier;
        Latent = latent;
    }

    public ModelManifest Manifest { get; }

    /// <summary>The folder of the manifest and its files.</summary>
    public string Directory { get; }
    public TorchScriptClassifier Classifier { get; }
    public TorchScriptLatentModel Latent { get; }

    /// <summary>Loads the manifest at <paramref name="manifestPath"/> and its TorchScript files; errors name the file.</summary>
    public static UserModel Load(string manifestPath) => Load(ModelManifest.Load(manifestPath), Path.GetDirectoryName(Path.GetFullPath(manifestPath))!);

    /// <summary>Loads a checked manifest's TorchScript files from <paramref name="directory"/>.</summary>
    public static UserModel Load(ModelManifest manifest, string directory)
    {
        string PathOf(string file) => Path.Combine(directory, file);
        var loaded = new List<IDisposable>();
        try
        {
            var classifierModule = ScriptModules.Load(PathOf(manifest.ClassifierFile));
            loaded.Add(classifierModule);
            var classifier = new TorchScriptClassifier(classifierModule, manifest.ClassifierFile, manifest);
            loaded.Add(classifier);
            TorchScriptLatentModel latent;
            if (manifest.ModuleFile is { } module)
            {
                latent = new TorchScriptLatentModel(ScriptModules.Load(PathOf(module)), null, manifest);
            }
            else
            {
                var encoder = ScriptModules.Load(PathOf(manifest.EncoderFile!));
                loaded.Add(encoder);
                latent = new TorchScriptLatentModel(encoder, ScriptModules.Load(PathOf(manifest.DecoderFile!)), manifest);
            }

            return new UserModel(manifest, directory, classifier, latent);
        }
        catch
        {
            loaded.ForEach(d => d.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        Classifier.Dispose();
        Latent.Dispose();
    }
}
