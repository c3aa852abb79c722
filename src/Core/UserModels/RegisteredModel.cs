namespace Orleans.Lse.Core.UserModels;

/// <summary>A user's model in the registry: its id, manifest, file checksums and what its checks measured.</summary>
public sealed record RegisteredModel
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset RegisteredUtc { get; init; }

    /// <summary>Where the manifest was registered from.</summary>
    public required string Source { get; init; }
    public required IReadOnlyList<RegisteredFile> Files { get; init; }
    public required ModelCheck Check { get; init; }

    /// <summary>The registry's copy of the manifest and files; set when read.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>The manifest, as read from the registry's copy; set when read.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ModelManifest? Manifest { get; init; }

    /// <summary>
    /// What identifies the classifier as the engine sees it: SHA-256 over its TorchScript file's checksum and the
    /// manifest's (whose value range and normalisation it runs with). Read models only.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ClassifierSha256 => Combined(RequireManifest().ClassifierFile);

    /// <summary>The encoder and decoder (or their one module) with the manifest, as <see cref="ClassifierSha256"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string LatentSha256 => RequireManifest() is { ModuleFile: { } module } ? Combined(module) : Combined(Manifest!.EncoderFile!, Manifest.DecoderFile!);

    /// <summary>The whole registration: every file's checksum (the manifest's included).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Fingerprint => Combined([.. Files.Select(f => f.Path)]);

    private ModelManifest RequireManifest() => Manifest ?? throw new InvalidOperationException($"Model '{Id}': its manifest was not read.");

    private string Combined(params string[] paths)
    {
        var text = new System.Text.StringBuilder();
        foreach (string path in paths.Append(ModelManifest.FileName).Distinct(StringComparer.Ordinal))
        {
            var file = Files.FirstOrDefault(f => f.Path == path) ?? throw new InvalidOperationException($"Model '{Id}': {path} is not among its registered files.");
            text.Append(file.Path).Append(' ').Append(file.Sha256).Append('\n');
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())));
    }
}
