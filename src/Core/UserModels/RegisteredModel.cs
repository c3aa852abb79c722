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
}
