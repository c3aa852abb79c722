using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// Resolves a spec's dataset on the silo that uses it: a known name, or a directory inside the silo's dataset roots
/// (<see cref="LseClusterOptions.DatasetDirectory"/>, against which relative paths resolve, and
/// <see cref="LseClusterOptions.DatasetRoots"/>). A path outside them is refused before anything looks at it, so an
/// error never tells a client whether some other path exists.
/// </summary>
public sealed class DatasetPaths
{
    private readonly string _root;
    private readonly string[] _roots;

    public DatasetPaths(IOptions<LseClusterOptions> cluster)
    {
        _root = Path.GetFullPath(cluster.Value.ResolvedDatasetDirectory);
        string[] configured = [_root, .. (cluster.Value.DatasetRoots ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => Path.GetFullPath(r))];

        // A root given through a link is where the link leads: compared with real paths below.
        _roots = [.. configured.Concat(configured.Select(r => RealPath(r))).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>What <see cref="DatasetCatalog.Load"/> takes: the known name, or the directory's full path.</summary>
    /// <exception cref="DatasetException">The path resolves outside the roots, or (inside them) is not a directory.</exception>
    public string Resolve(string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        if (KnownDatasets.IsKnown(dataset))
        {
            return dataset;
        }

        string full = Path.GetFullPath(dataset, _root);
        if (!Inside(full))
        {
            throw Outside(dataset);
        }

        var directory = new DirectoryInfo(full);
        if (!directory.Exists)
        {
            throw new DatasetException($"Dataset '{Shown(dataset)}': no such directory under the silo's dataset roots (relative paths resolve against {_root}).");
        }

        // Links inside a root may point anywhere: the directory (through every link on its path) and each file in it
        // must lead inside a root too.
        if (!Inside(RealPath(full)) || directory.EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                .Any(entry => entry.Attributes.HasFlag(FileAttributes.ReparsePoint) && entry.LinkTarget is not null && !Inside(RealPath(entry.FullName))))
        {
            throw Outside(dataset);
        }

        return full;
    }

    /// <summary>The path with every link on it followed (as realpath(3) does), up to 40 links deep.</summary>
    private static string RealPath(string full, int depth = 0)
    {
        string root = Path.GetPathRoot(full) ?? "/";
        string current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var entry = new FileInfo(current);
            if (entry.LinkTarget is { } target)
            {
                if (depth >= 40)
                {
                    throw new DatasetException("Dataset path: too many links.");
                }

                current = RealPath(Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root), depth + 1);
            }
        }

        return current;
    }

    private bool Inside(string full) => _roots.Any(root =>
        full.Equals(root, StringComparison.Ordinal) || full.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private DatasetException Outside(string dataset) => new(
        $"Dataset '{Shown(dataset)}' is outside the silo's dataset roots: name mnist, fashion-mnist, or a directory of IDX files under {string.Join(" or ", _roots)} "
        + $"(relative paths resolve against {_root}; Lse:Cluster:DatasetRoots adds roots).");

    private static string Shown(string dataset) => dataset.Length > 80 ? dataset[..80] + "..." : dataset;
}
