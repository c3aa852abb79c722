namespace Orleans.Lse.Service.Tests;

/// <summary>The README's example user model (examples/shapes): its manifest and its images.</summary>
internal static class ExampleShapes
{
    public static string Folder => Path.Combine(Repository.Root, "examples", "shapes");

    /// <summary>Copies the example's ImageFolder to <paramref name="target"/> (once); returns <paramref name="target"/>.</summary>
    public static string CopyImages(string target)
    {
        if (!Directory.Exists(target))
        {
            string source = Path.Combine(Folder, "images");
            foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                string to = Path.Combine(target, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(file, to);
            }
        }

        return target;
    }
}
