using System.Buffers.Binary;
using System.IO.Compression;

namespace Orleans.Lse.Core.Tests.Data;

/// <summary>Builds IDX files (raw or gzip, valid or deliberately broken) for the data tests.</summary>
public static class IdxFixtures
{
    /// <summary>IDX bytes: magic (two zero bytes, type, rank), big-endian dimensions, then data.</summary>
    public static byte[] Build(uint[] dims, byte[] data, byte elementType = 0x08, byte magic0 = 0, byte magic1 = 0)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        bytes[0] = magic0;
        bytes[1] = magic1;
        bytes[2] = elementType;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    /// <summary>Valid IDX bytes for <paramref name="dims"/> filled with <paramref name="data"/>.</summary>
    public static byte[] Build(int[] dims, byte[] data) => Build(dims.Select(d => (uint)d).ToArray(), data);

    /// <summary>Deterministic data of <paramref name="length"/> bytes, each below <paramref name="modulo"/>.</summary>
    public static byte[] Pattern(int length, int modulo = 251, int seed = 0) =>
        Enumerable.Range(seed, length).Select(i => (byte)(i % modulo)).ToArray();

    /// <summary>gzip-compresses <paramref name="bytes"/>.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, gzipped if asked; returns the path.</summary>
    public static string Write(string path, byte[] bytes, bool gzip = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, gzip ? Gzip(bytes) : bytes);
        return path;
    }

    /// <summary>Breaks the deflate stream of a gzip file: its first block gets the reserved block type.</summary>
    public static void CorruptGzip(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[10] = 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>
    /// Writes a small valid dataset (four files) into <paramref name="directory"/>; images are
    /// <paramref name="height"/> x <paramref name="width"/>, labels cycle through 0..9.
    /// </summary>
    public static void WriteDataset(
        string directory,
        int trainCount = 5,
        int testCount = 3,
        int height = 4,
        int width = 3,
        bool gzip = false,
        bool dotted = false)
    {
        string Name(string baseName) =>
            (dotted ? baseName.Replace("-idx", ".idx", StringComparison.Ordinal) : baseName) + (gzip ? ".gz" : "");

        Write(Path.Combine(directory, Name("train-images-idx3-ubyte")), Build([trainCount, height, width], Pattern(trainCount * height * width)), gzip);
        Write(Path.Combine(directory, Name("train-labels-idx1-ubyte")), Build([trainCount], Pattern(trainCount, 10)), gzip);
        Write(Path.Combine(directory, Name("t10k-images-idx3-ubyte")), Build([testCount, height, width], Pattern(testCount * height * width, seed: 7)), gzip);
        Write(Path.Combine(directory, Name("t10k-labels-idx1-ubyte")), Build([testCount], Pattern(testCount, 10, seed: 3)), gzip);
    }
}
