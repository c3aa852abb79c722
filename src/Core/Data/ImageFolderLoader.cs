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
    /// <param name="limit">Read only the first N images (in path order); 0: all.</param>
    /// <param name="sample">Read only N images spread evenly over the path order (every class, for a check); 0: all.</param>
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
            Decode(entries[i].Path, shape, pixels.AsSpan(i * shape.Values, shape.Values));
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

        var entries = new List<(string, int)>();
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

            entries.AddRange(files.Select(f => (f, label)));
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

    /// <summary>Decodes one image, centre-crops it to the shape's aspect, resizes it and writes its pixels (C x H x W, [0, 1]).</summary>
    private static void Decode(string path, ImageShape shape, Span<float> destination)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new DatasetException($"{path}: not a readable image (corrupt, truncated or not {string.Join("/", Extensions)}).");
        if (bitmap.Width < 1 || bitmap.Height < 1)
        {
            throw new DatasetException($"{path}: the image has no pixels.");
        }

        // Centre crop to the target aspect, then resize (torchvision's Resize then CenterCrop, in one step).
        float scale = Math.Max((float)shape.Width / bitmap.Width, (float)shape.Height / bitmap.Height);
        float w = shape.Width / scale, h = shape.Height / scale;
        var source = SKRect.Create((bitmap.Width - w) / 2, (bitmap.Height - h) / 2, w, h);
        using var target = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(image, source, SKRect.Create(shape.Width, shape.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), null);
        }

        var bytes = target.GetPixelSpan();
        int plane = shape.Height * shape.Width;
        for (int p = 0; p < plane; p++)
        {
            float r = bytes[4 * p] / 255f, g = bytes[(4 * p) + 1] / 255f, b = bytes[(4 * p) + 2] / 255f;
            if (shape.Channels == 1)
            {
                destination[p] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                destination[p] = r;
                destination[plane + p] = g;
                destination[(2 * plane) + p] = b;
            }
        }
    }
}
