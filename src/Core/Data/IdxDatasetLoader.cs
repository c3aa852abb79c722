using System.Security.Cryptography;
using System.Text;

namespace Orleans.Lse.Core.Data;

/// <summary>
/// Loads an MNIST-style dataset (four IDX files) from a directory and checks it is consistent and, optionally, pinned.
/// </summary>
public static class IdxDatasetLoader
{
    /// <summary>Base name of the training images file.</summary>
    public const string TrainImages = "train-images-idx3-ubyte";

    /// <summary>Base name of the training labels file.</summary>
    public const string TrainLabels = "train-labels-idx1-ubyte";

    /// <summary>Base name of the test images file.</summary>
    public const string TestImages = "t10k-images-idx3-ubyte";

    /// <summary>Base name of the test labels file.</summary>
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>Number of classes every label must be below.</summary>
    public const int ClassCount = 10;

    /// <summary>The four file base names, in checksum order: train-images, train-labels, test-images, test-labels.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    // torchvision keeps its files in MNIST/raw; some archives unpack into raw/.
    private static readonly string[] _subfolders = ["", "raw", Path.Combine("MNIST", "raw")];

    /// <summary>
    /// Loads the dataset in <paramref name="directory"/> (or its <c>raw/</c> or <c>MNIST/raw/</c> subfolder).
    /// Each file may be raw or <c>.gz</c>, named <c>train-images-idx3-ubyte</c> or <c>train-images.idx3-ubyte</c>.
    /// </summary>
    /// <param name="directory">Folder holding the four IDX files.</param>
    /// <param name="name">Dataset name used for the image sets and messages.</param>
    /// <param name="pinned">Expected content SHA-256 per file base name; a mismatch is an error.</param>
    /// <exception cref="DatasetException">A file is missing, inconsistent or does not match its pin.</exception>
    /// <exception cref="IdxFormatException">A file is not valid IDX.</exception>
    public static DatasetSplits Load(string directory, string name, IReadOnlyDictionary<string, string>? pinned = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(name);
        var unknown = pinned?.Keys.Where(k => !FileNames.Contains(k)).ToList();
        if (unknown is { Count: > 0 })
        {
            // A misspelt key would silently disable verification.
            throw new ArgumentException($"Unknown file names in pinned checksums: {string.Join(", ", unknown)}.", nameof(pinned));
        }

        var paths = Resolve(directory, out var missing) ?? throw MissingFiles(directory, name, missing);
        var files = ReadAll(paths);
        if (pinned is not null)
        {
            VerifyPins(name, paths, files, pinned);
        }

        var train = ToImageSet(name, "train", paths[TrainImages], files[TrainImages].Array, paths[TrainLabels], files[TrainLabels].Array);
        var test = ToImageSet(name, "test", paths[TestImages], files[TestImages].Array, paths[TestLabels], files[TestLabels].Array);
        if (train.Height != test.Height || train.Width != test.Width)
        {
            throw new DatasetException(
                $"Dataset '{name}': train images '{paths[TrainImages]}' are {train.Height}x{train.Width} " +
                $"but test images '{paths[TestImages]}' are {test.Height}x{test.Width}.");
        }

        var checksums = FileNames.ToDictionary(f => f, f => files[f].Sha256);
        var combined = SHA256.HashData(Encoding.ASCII.GetBytes(string.Concat(FileNames.Select(f => checksums[f]))));
        return new DatasetSplits(name, train, test, Convert.ToHexStringLower(combined), checksums);
    }

    /// <summary>
    /// Finds the four files in the first of <paramref name="directory"/>, its <c>raw/</c> and <c>MNIST/raw/</c> that has
    /// them all; null (with the missing base names of the top folder) when none does.
    /// </summary>
    internal static Dictionary<string, string>? Resolve(string directory, out IReadOnlyList<string> missing)
    {
        missing = FileNames;
        if (!Directory.Exists(directory))
        {
            return null;
        }

        foreach (var sub in _subfolders)
        {
            var folder = sub.Length == 0 ? directory : Path.Combine(directory, sub);
            var found = FileNames.ToDictionary(f => f, f => FindFile(folder, f));
            var absent = found.Where(p => p.Value is null).Select(p => p.Key).ToList();
            if (absent.Count == 0)
            {
                return found.ToDictionary(p => p.Key, p => p.Value!);
            }

            if (sub.Length == 0)
            {
                missing = absent;
            }
        }

        return null;
    }

    private static string? FindFile(string folder, string baseName)
    {
        // Raw first: it loads faster than the .gz when torchvision leaves both.
        var dotted = baseName.Replace("-idx", ".idx", StringComparison.Ordinal);
        string[] candidates = [baseName, baseName + ".gz", dotted, dotted + ".gz"];
        return candidates.Select(c => Path.Combine(folder, c)).FirstOrDefault(File.Exists);
    }

    private static DatasetException MissingFiles(string directory, string name, IReadOnlyList<string> missing)
    {
        if (!Directory.Exists(directory))
        {
            return new DatasetException($"Dataset '{name}': directory '{directory}' does not exist.");
        }

        return new DatasetException(
            $"Dataset '{name}': directory '{directory}' (also searched raw/ and MNIST/raw/) is missing " +
            $"{string.Join(", ", missing)} (raw or .gz, also accepted with '.idx' instead of '-idx').");
    }

    private static Dictionary<string, (IdxArray Array, string Sha256)> ReadAll(Dictionary<string, string> paths)
    {
        // The files are independent and decompression is CPU-bound, so read them side by side.
        var tasks = FileNames.Select(f => Task.Run(() => IdxReader.ReadWithSha256(paths[f]))).ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            // Rethrown below, unwrapped, in file order.
        }

        return FileNames.Select((f, i) => (f, tasks[i].GetAwaiter().GetResult())).ToDictionary(p => p.f, p => p.Item2);
    }

    private static void VerifyPins(
        string name,
        Dictionary<string, string> paths,
        Dictionary<string, (IdxArray Array, string Sha256)> files,
        IReadOnlyDictionary<string, string> pinned)
    {
        foreach (var (file, expected) in pinned)
        {
            var actual = files[file].Sha256;
            if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatasetException(
                    $"Dataset '{name}': checksum mismatch for '{paths[file]}': expected {expected.ToLowerInvariant()}, actual {actual}. " +
                    "The file is corrupt or a different version; delete it to fetch again or supply the right file.");
            }
        }
    }

    private static ImageSet ToImageSet(string name, string split, string imagesPath, IdxArray images, string labelsPath, IdxArray labels)
    {
        if (images.Dimensions.Length != 3)
        {
            throw new DatasetException(
                $"Dataset '{name}': '{imagesPath}' has {images.Dimensions.Length} dimensions [{string.Join(", ", images.Dimensions)}]; images need 3 (count, height, width).");
        }

        if (labels.Dimensions.Length != 1)
        {
            throw new DatasetException(
                $"Dataset '{name}': '{labelsPath}' has {labels.Dimensions.Length} dimensions [{string.Join(", ", labels.Dimensions)}]; labels need 1.");
        }

        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new DatasetException(
                $"Dataset '{name}': count mismatch: '{imagesPath}' holds {images.Dimensions[0]} images " +
                $"but '{labelsPath}' holds {labels.Dimensions[0]} labels.");
        }

        var bad = Array.FindIndex(labels.Data, l => l >= ClassCount);
        if (bad >= 0)
        {
            throw new DatasetException(
                $"Dataset '{name}': '{labelsPath}' has label {labels.Data[bad]} at index {bad}, out of range 0..{ClassCount - 1}.");
        }

        return new ImageSet($"{name}/{split}", images.Dimensions[1], images.Dimensions[2], images.Data, labels.Data, ClassCount);
    }
}
