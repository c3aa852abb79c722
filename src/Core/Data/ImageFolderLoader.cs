using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Orleans.Lse.Core.Models;
using SkiaSharp;

namespace Orleans.Lse.Core.Data;

/// <summary>
/// Reads a user's labelled images: a folder in torchvision's ImageFolder layout (ROOT/CLASS/.../IMAGE, class folders
/// named as the model's classes), or a CSV of (path, label) rows (paths relative to the CSV, labels by name or index).
/// Images (PNG, JPEG, BMP, WebP, GIF) are decoded by SkiaSharp, centre-cropped to the shape's aspect and resized to it,
/// grey (luma) for one channel, RGB for three. Anything unreadable is refused with its path; nothing is skipped silently.
/// </summary>
public static class ImageFolderLoader
{
    /// <summary>The file endings read as images; other files in class folders are ignored, as torchvision does.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif"];

    /// <summary>Loads <paramref name="path"/> (a folder, or a .csv file) as images of <paramref name="shape"/> labelled by <paramref name="classNames"/>.</summary>
    /// <param name="path">An ImageFolder root or a CSV file.</param>
    /// <param name="shape">The model's image shape (1 or 3 channels).</param>
    /// <param name="classNames">The model's classes; folder names and CSV labels must be among them.</param>
    /// <param name="limit">Read only the first N images (a folder's classes take turns, each in path order; a CSV's rows in order); 0: all.</param>
    /// <param name="sample">Read only N images spread evenly over that order (every class, for a check); 0: all.</param>
    public static LabelledImages Load(string path, ImageShape shape, IReadOnlyList<string> classNames, int limit = 0, int sample = 0)
    {
        if (shape.Channels is not (1 or 3))
        {
            throw new DatasetException($"Image files give 1 (grey) or 3 (RGB) channels; the model takes {shape.Channels}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        var entries = File.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FromCsv(path, classNames)
            : Directory.Exists(path) ? FromFolder(path, classNames)
            : throw new DatasetException($"{path}: no such folder or .csv file.");
        if (limit > 0)
        {
            entries = [.. entries.Take(limit)];
        }

        if (sample > 0 && entries.Count > sample)
        {
            var all = entries;
            entries = [.. Enumerable.Range(0, sample).Select(i => all[(int)((long)i * all.Count / sample)])];
        }

        if ((long)entries.Count * shape.Values > Array.MaxLength)
        {
            throw new DatasetException($"{path}: {entries.Count:N0} images of {shape} are more than one run holds in memory ({Array.MaxLength / shape.Values:N0} at most); read fewer with --limit.");
        }

        var pixels = new float[entries.Count * shape.Values];
        for (int i = 0; i < entries.Count; i++)
        {
            ImageFileDecoder.Decode(entries[i].Path, shape, pixels.AsSpan(i * shape.Values, shape.Values));
        }

        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        return new LabelledImages(name, shape, pixels, [.. entries.Select(e => e.Label)], [.. entries.Select(e => e.Path)], classNames);
    }

    private static List<(string Path, int Label)> FromFolder(string root, IReadOnlyList<string> classNames)
    {
        var classes = Directory.EnumerateDirectories(root).Select(d => Path.GetFileName(d)!).Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (classes.Count == 0)
        {
            throw new DatasetException($"{root}: no class folders; the ImageFolder layout is {root}/CLASS/IMAGE.png with CLASS among {string.Join(", ", classNames)}.");
        }

        var perClass = new List<List<(string, int)>>();
        foreach (string name in classes)
        {
            string folder = Path.Combine(root, name);
            int label = IndexOf(classNames, name) ?? throw new DatasetException($"{folder}: '{name}' is not one of the model's classes ({string.Join(", ", classNames)}).");
            var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new DatasetException($"{folder}: no images ({string.Join(", ", Extensions)}) in the class folder; remove it or add its images.");
            }

            perClass.Add([.. files.Select(f => (f, label))]);
        }

        // Classes take turns (each class's images in path order), so that the first N images, which a limit or "the first
        // N correctly classified" take, come from every class.
        int total = perClass.Sum(c => c.Count);
        var entries = new List<(string, int)>(total);
        for (int i = 0; entries.Count < total; i++)
        {
            entries.AddRange(perClass.Where(c => i < c.Count).Select(c => c[i]));
        }

        return entries;
    }

    private static List<(string Path, int Label)> FromCsv(string file, IReadOnlyList<string> classNames)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var entries = new List<(string, int)>();
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectColumnCountChanges = false });
        try
        {
            while (csv.Read())
            {
                int line = csv.Parser.Row;
                if (csv.Parser.Count == 1 && string.IsNullOrWhiteSpace(csv.GetField(0)))
                {
                    continue;
                }

                if (csv.Parser.Count != 2)
                {
                    throw new DatasetException($"{file}, line {line}: {csv.Parser.Count} fields; each row is path,label.");
                }

                string path = csv.GetField(0)!.Trim(), label = csv.GetField(1)!.Trim();
                if (entries.Count == 0 && line == 1 && path.Equals("path", StringComparison.OrdinalIgnoreCase) && label.Equals("label", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                int index = IndexOf(classNames, label)
                    ?? (int.TryParse(label, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n < classNames.Count ? n
                    : throw new DatasetException($"{file}, line {line}: label '{label}' is neither a class name ({string.Join(", ", classNames)}) nor an index below {classNames.Count}."));
                string full = Path.GetFullPath(Path.Combine(folder, path));
                if (!File.Exists(full))
                {
                    throw new DatasetException($"{file}, line {line}: {full}: no such image.");
                }

                entries.Add((full, index));
            }
        }
        catch (CsvHelperException ex)
        {
            throw new DatasetException($"{file}: malformed CSV ({ex.Message.Split('\n', 2)[0]}).", ex);
        }

        if (entries.Count == 0)
        {
            throw new DatasetException($"{file}: no rows; each row is path,label.");
        }

        return entries;
    }

    private static int? IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }
}
