using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.UserModels;

/// <summary>
/// Users' models registered for explanation: each a folder (its id) holding a copy of the manifest and its TorchScript
/// files, and registration.json with their SHA-256 checksums (the manifest's included) and the checks' figures. A model is checked before
/// it is added and added whole (copied aside, then moved in); its checksums are verified each time it is opened.
/// </summary>
public sealed partial class UserModelRegistry(string directory)
{
    private const string RegistrationFile = "registration.json";

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The registry's folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>The default registry: user-models/ in the cache folder.</summary>
    public static string DefaultDirectory(string cacheDirectory) => Path.Combine(cacheDirectory, "user-models");

    /// <summary>
    /// Checks the model at <paramref name="manifestPath"/> (on <paramref name="sample"/> too where given) and registers it
    /// as <paramref name="id"/> (default: the manifest's name made an id). Refuses an id already taken.
    /// </summary>
    public RegisteredModel Add(string manifestPath, string? id = null, Tensor? sample = null, double? maxReconstructionError = null)
    {
        var manifest = ModelManifest.Load(manifestPath);
        string source = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        id ??= IdFrom(manifest.Name);
        RequireValidId(id);
        string final = Path.Combine(Directory, id);
        if (System.IO.Directory.Exists(final))
        {
            throw new UserModelException($"A model '{id}' is registered already; remove it first (lse model remove {id}) or choose another id.");
        }

        System.IO.Directory.CreateDirectory(Directory);
        string staging = Path.Combine(Directory, $".adding-{id}-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(staging);
            var files = new List<RegisteredFile>();
            foreach (string file in manifest.Files.Distinct())
            {
                string from = Path.Combine(source, file), to = Path.Combine(staging, file);
                if (!File.Exists(from))
                {
                    throw new UserModelException($"{from}: no such file (named in {manifestPath}).");
                }

                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to);
                files.Add(new RegisteredFile(file, new FileInfo(to).Length, Sha256(to)));
            }

            File.WriteAllText(Path.Combine(staging, ModelManifest.FileName), manifest.ToJson());
            files.Add(new RegisteredFile(ModelManifest.FileName, new FileInfo(Path.Combine(staging, ModelManifest.FileName)).Length, Sha256(Path.Combine(staging, ModelManifest.FileName))));
            ModelCheck check;
            using (var model = UserModel.Load(manifest, staging))
            {
                check = ModelValidator.Check(model, sample, maxReconstructionError);
            }

            var registered = new RegisteredModel { Id = id, Name = manifest.Name, RegisteredUtc = DateTimeOffset.UtcNow, Source = Path.GetFullPath(manifestPath), Files = files, Check = check };
            File.WriteAllText(Path.Combine(staging, RegistrationFile), JsonSerializer.Serialize(registered, s_json));
            System.IO.Directory.Move(staging, final);
            return registered with { Directory = final, Manifest = manifest };
        }
        finally
        {
            if (System.IO.Directory.Exists(staging))
            {
                System.IO.Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The registered models, by id (folders of the registry that hold a registration).</summary>
    public IReadOnlyList<RegisteredModel> List() => [.. Ids().Select(Get)];

    /// <summary>The ids of the registry's folders that hold a registration.</summary>
    private List<string> Ids() => !System.IO.Directory.Exists(Directory) ? [] :
        [.. System.IO.Directory.EnumerateDirectories(Directory).Select(d => Path.GetFileName(d)!)
            .Where(n => IdPattern().IsMatch(n) && File.Exists(Path.Combine(Directory, n, RegistrationFile))).Order(StringComparer.Ordinal)];

    /// <summary>A registered model; an unknown or invalid id is refused by name.</summary>
    public RegisteredModel Get(string id)
    {
        RequireValidId(id);
        string folder = Path.Combine(Directory, id), file = Path.Combine(folder, RegistrationFile);
        if (!File.Exists(file))
        {
            var known = Ids();
            throw new UserModelException($"No model '{id}' is registered{(known.Count == 0 ? " (none are; add one with lse model add MANIFEST)" : $"; registered: {string.Join(", ", known)}")}.");
        }

        RegisteredModel? model;
        try
        {
            model = JsonSerializer.Deserialize<RegisteredModel>(File.ReadAllText(file), s_json);
        }
        catch (JsonException ex)
        {
            throw new UserModelException($"{file}: unreadable ({ex.Message}).", ex);
        }

        return (model ?? throw new UserModelException($"{file}: empty.")) with { Directory = folder, Manifest = ModelManifest.Load(Path.Combine(folder, ModelManifest.FileName)) };
    }

    /// <summary>Loads a registered model after verifying each file's checksum (the manifest's too).</summary>
    public UserModel Open(string id) => Open(Get(id));

    /// <summary>Loads the files of <paramref name="model"/> (as read by <see cref="Get"/>) after verifying each file's checksum.</summary>
    public UserModel Open(RegisteredModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var file in model.Files)
        {
            string path = Path.Combine(model.Directory, file.Path);
            if (!File.Exists(path) || Sha256(path) != file.Sha256)
            {
                throw new UserModelException($"{path}: {(File.Exists(path) ? "changed since it was registered (SHA-256 differs)" : "missing")}; register the model again.");
            }
        }

        return UserModel.Load(model.Manifest!, model.Directory);
    }

    /// <summary>Removes a registered model; an unknown id is refused by name.</summary>
    public void Remove(string id)
    {
        RequireValidId(id);
        string folder = Path.Combine(Directory, id);
        if (!System.IO.Directory.Exists(folder))
        {
            Get(id); // throws, naming the registered ids
        }

        // Moved aside first, so a half-deleted folder is never taken for a model; a damaged entry can be removed too.
        string doomed = Path.Combine(Directory, $".removing-{id}-{Guid.NewGuid():N}");
        System.IO.Directory.Move(folder, doomed);
        System.IO.Directory.Delete(doomed, recursive: true);
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>An id from a model's name: lower case, runs of other characters made '-'.</summary>
    public static string IdFrom(string name)
    {
        string id = NonIdCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-', '.', '_');
        return id.Length == 0 ? "model" : id[..Math.Min(id.Length, 64)];
    }

    /// <summary>Whether <paramref name="id"/> is a valid model id: 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    private static void RequireValidId(string id)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new UserModelException($"'{id}' is not a model id: use 1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex NonIdCharacters();
}
