using System.Globalization;

namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>
/// CelebA's annotations: each image's file, its attributes (-1 or 1 in the file; true for 1) and its partition, read from
/// list_attr_celeba.txt and list_eval_partition.txt line by line. Every problem is an error naming the file and line.
/// </summary>
public sealed class CelebaAnnotations
{
    /// <summary>Most attributes a file may name (CelebA has 40).</summary>
    public const int MaxAttributes = 1000;

    private readonly bool[] _values;

    private CelebaAnnotations(IReadOnlyList<string> attributes, IReadOnlyList<string> files, IReadOnlyList<int> lines, bool[] values, CelebaSplit[] splits)
    {
        Attributes = attributes;
        Files = files;
        Lines = lines;
        _values = values;
        Splits = splits;
    }

    /// <summary>The line of the attribute file that lists each image.</summary>
    public IReadOnlyList<int> Lines { get; }

    /// <summary>The attribute names, in the file's order.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Each image's file name in the images folder, in the files' order.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Each image's partition.</summary>
    public IReadOnlyList<CelebaSplit> Splits { get; }

    public int Count => Files.Count;

    /// <summary>Whether image <paramref name="image"/> has attribute <paramref name="attribute"/> (1 in the file).</summary>
    public bool Has(int image, int attribute) => _values[(image * Attributes.Count) + attribute];

    /// <summary>The index of an attribute by name; an unknown name is refused with the known ones.</summary>
    public int AttributeIndex(string name)
    {
        for (int i = 0; i < Attributes.Count; i++)
        {
            if (string.Equals(Attributes[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new DatasetException($"CelebA has no attribute '{name}'; its attributes: {string.Join(", ", Attributes)}.");
    }

    /// <summary>Reads both files of <paramref name="root"/>.</summary>
    public static CelebaAnnotations Read(string root)
    {
        string attributePath = Path.Combine(root, CelebaFiles.AttributesFile), partitionPath = Path.Combine(root, CelebaFiles.PartitionFile);
        foreach (string path in new[] { attributePath, partitionPath })
        {
            if (!File.Exists(path))
            {
                throw new DatasetException($"{path}: missing (CelebA's layout: {CelebaFiles.ImagesFolder}/, {CelebaFiles.AttributesFile}, {CelebaFiles.PartitionFile}).");
            }
        }

        var (attributes, files, lines, values) = ReadAttributes(attributePath);
        var splits = ReadPartition(partitionPath, files);
        return new CelebaAnnotations(attributes, files, lines, values, splits);
    }

    private static (string[] Attributes, List<string> Files, List<int> Lines, bool[] Values) ReadAttributes(string path)
    {
        using var lines = File.ReadLines(path).GetEnumerator();
        int line = 0;
        string Next(string what) => lines.MoveNext() ? lines.Current : throw Bad(path, line, $"ends before {what}");

        line++;
        string countText = Next("the image count").Trim();
        if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            throw Bad(path, line, $"the first line must be the number of images (got '{Shown(countText)}')");
        }

        line++;
        string[] attributes = Split(Next("the attribute names"));
        if (attributes.Length == 0 || attributes.Length > MaxAttributes || attributes.Distinct(StringComparer.Ordinal).Count() != attributes.Length)
        {
            throw Bad(path, line, $"the second line must name each attribute once, at most {MaxAttributes} (got {attributes.Length} names)");
        }

        var files = new List<string>(Math.Min(count, 1 << 20));
        var fileLines = new List<int>(Math.Min(count, 1 << 20));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<bool>(Math.Min(count, 1 << 16) * attributes.Length);
        while (lines.MoveNext())
        {
            line++;
            string[] fields = Split(lines.Current);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != attributes.Length + 1)
            {
                throw Bad(path, line, $"expected an image file and {attributes.Length} values, got {fields.Length} fields");
            }

            string file = CheckedFileName(fields[0], path, line);
            if (!seen.Add(file))
            {
                throw Bad(path, line, $"image {file} is listed twice");
            }

            for (int a = 0; a < attributes.Length; a++)
            {
                values.Add(fields[a + 1] switch
                {
                    "1" => true,
                    "-1" => false,
                    var other => throw Bad(path, line, $"attribute {attributes[a]} of {file} must be -1 or 1 (got '{Shown(other)}')"),
                });
            }

            files.Add(file);
            fileLines.Add(line);
            if (files.Count > count)
            {
                throw Bad(path, line, $"more images than the {count} the first line announces");
            }
        }

        if (files.Count != count)
        {
            throw Bad(path, line, $"{files.Count} images listed, but the first line announces {count}");
        }

        return (attributes, files, fileLines, [.. values]);
    }

    private static CelebaSplit[] ReadPartition(string path, List<string> files)
    {
        var splits = new CelebaSplit[files.Count];
        int line = 0, image = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            string[] fields = Split(text);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 2 || fields[1] is not ("0" or "1" or "2"))
            {
                throw Bad(path, line, $"expected an image file and its partition 0, 1 or 2 (got '{Shown(text)}')");
            }

            if (image >= files.Count)
            {
                throw Bad(path, line, $"more images than the {files.Count} of {CelebaFiles.AttributesFile}");
            }

            if (!string.Equals(fields[0], files[image], StringComparison.Ordinal))
            {
                throw Bad(path, line, $"names {Shown(fields[0])} where {CelebaFiles.AttributesFile} has {files[image]} (image {image + 1}): the two files disagree");
            }

            splits[image++] = (CelebaSplit)(fields[1][0] - '0');
        }

        if (image != files.Count)
        {
            throw Bad(path, line, $"lists {image} images; {CelebaFiles.AttributesFile} lists {files.Count}");
        }

        return splits;
    }

    /// <summary>A plain file name: never a path that could lead out of the images folder.</summary>
    private static string CheckedFileName(string name, string path, int line) =>
        name.Length is > 0 and <= 255 && name.IndexOfAny(['/', '\\']) < 0 && name is not ("." or "..") && !name.Any(char.IsControl)
            ? name
            : throw Bad(path, line, $"'{Shown(name)}' is not an image file name");

    private static string[] Split(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "..." : text;

    private static DatasetException Bad(string path, int line, string problem) => new($"{path}:{line}: {problem}.");
}
