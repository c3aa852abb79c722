using SkiaSharp;

namespace Orleans.Lse.Core.Imaging;

/// <summary>Writes pictures as PNG files.</summary>
public static class PngFile
{
    /// <summary>
    /// Encodes <paramref name="bitmap"/> as PNG and writes it to <paramref name="path"/> through a temporary name, so a
    /// crash never leaves a truncated picture under the final name; creates the folder.
    /// </summary>
    public static void Save(SKBitmap bitmap, string path)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException($"PNG encoding of a {bitmap.Width}x{bitmap.Height} picture failed.");
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            data.SaveTo(file);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
