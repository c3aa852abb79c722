using System.Buffers.Binary;
using System.IO.Compression;

namespace Orleans.Lse.Core.Imaging;

/// <summary>Minimal PNG writer for 8-bit RGB images (no third-party imaging dependency).</summary>
public static class PngEncoder
{
    private static readonly byte[] _signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Encodes a tightly packed RGB buffer (row-major, 3 bytes per pixel) as a PNG file image.</summary>
    /// <param name="width">Width in pixels; must be positive.</param>
    /// <param name="height">Height in pixels; must be positive.</param>
    /// <param name="rgb">Exactly <c>width * height * 3</c> bytes.</param>
    /// <returns>The complete PNG file contents.</returns>
    /// <exception cref="ArgumentException">A size is non-positive or the buffer length does not match.</exception>
    public static byte[] EncodeRgb(int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var stride = (long)width * 3;
        if (stride + 1 > Array.MaxLength || (stride + 1) * height > Array.MaxLength)
        {
            throw new ArgumentException($"Image {width}x{height} is too large to encode.", nameof(width));
        }

        if (rgb.Length != stride * height)
        {
            throw new ArgumentException(
                $"Expected {stride * height} RGB bytes for {width}x{height}, got {rgb.Length}.", nameof(rgb));
        }

        using var output = new MemoryStream();
        output.Write(_signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // color type: truecolor
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering method
        header[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, header);
        WriteChunk(output, "IDAT"u8, Compress(rgb, (int)stride, height));
        WriteChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>Encodes and writes a PNG atomically (temp file in the same folder, then move), creating the folder if needed.</summary>
    /// <param name="path">Destination file; replaced if it exists.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rgb">Exactly <c>width * height * 3</c> bytes.</param>
    public static void WriteRgb(string path, int width, int height, ReadOnlySpan<byte> rgb)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = EncodeRgb(width, height, rgb);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);

        // Same folder keeps the move a rename, so readers never see a half-written gallery.
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static byte[] Compress(ReadOnlySpan<byte> rgb, int stride, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            // Filter type 0 (None) per scanline: simple, and zlib still squeezes the flat gallery backgrounds well.
            ReadOnlySpan<byte> filterNone = [0];
            for (var y = 0; y < height; y++)
            {
                zlib.Write(filterNone);
                zlib.Write(rgb.Slice(y * stride, stride));
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc32.Compute(type, data));
        output.Write(word);
    }
}
