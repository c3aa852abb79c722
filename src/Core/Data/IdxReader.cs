using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Orleans.Lse.Core.Data;

/// <summary>
/// Strict reader for IDX files (the MNIST file format), raw or gzip-compressed.
/// Anything malformed raises <see cref="IdxFormatException"/>; a partial result is never returned.
/// </summary>
public static class IdxReader
{
    /// <summary>The only accepted element type: unsigned byte.</summary>
    public const byte UnsignedByteType = 0x08;

    /// <summary>The largest accepted number of dimensions.</summary>
    public const int MaxDimensions = 4;

    // gz files only reveal their size by being read, so grow the buffer instead of trusting a header up front.
    private const int InitialGzipBuffer = 16 * 1024 * 1024;

    /// <summary>Reads the IDX file at <paramref name="path"/>; gzip is detected by its magic bytes, not the extension.</summary>
    /// <exception cref="IdxFormatException">The file is malformed, truncated, has trailing bytes, or is corrupt gzip.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IdxArray Read(string path) => ReadWithSha256(path).Array;

    /// <summary>
    /// Lowercase hex SHA-256 of the decompressed IDX bytes, so a raw file and its .gz agree.
    /// </summary>
    /// <exception cref="IdxFormatException">The file is corrupt gzip.</exception>
    public static string ContentSha256(string path)
    {
        using var stream = OpenContent(path, out var isGzip);
        try
        {
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (InvalidDataException ex) when (isGzip)
        {
            throw new IdxFormatException(path, $"corrupt gzip data ({ex.Message})", ex);
        }
    }

    /// <summary>Reads the file and hashes its content in one pass (the loader needs both).</summary>
    internal static (IdxArray Array, string Sha256) ReadWithSha256(string path)
    {
        using var stream = OpenContent(path, out var isGzip);
        try
        {
            return Parse(path, stream, isGzip ? null : stream.Length);
        }
        catch (InvalidDataException ex) when (isGzip)
        {
            throw new IdxFormatException(path, $"corrupt gzip data ({ex.Message})", ex);
        }
    }

    private static Stream OpenContent(string path, out bool isGzip)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            isGzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            return isGzip ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false) : file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static (IdxArray, string) Parse(string path, Stream stream, long? rawLength)
    {
        var magic = new byte[4];
        var got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new IdxFormatException(path, $"truncated header: expected at least 4 bytes, found {got}");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new IdxFormatException(path, $"bad magic number: first two bytes are 0x{magic[0]:X2} 0x{magic[1]:X2}, expected 0x00 0x00");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new IdxFormatException(path, $"unsupported element type 0x{magic[2]:X2} ({TypeName(magic[2])}); only 0x08 (unsigned byte) is supported");
        }

        int rank = magic[3];
        if (rank is < 1 or > MaxDimensions)
        {
            throw new IdxFormatException(path, $"dimension count {rank} is out of range 1..{MaxDimensions}");
        }

        var dimBytes = new byte[4 * rank];
        got = stream.ReadAtLeast(dimBytes, dimBytes.Length, throwOnEndOfStream: false);
        if (got < dimBytes.Length)
        {
            throw new IdxFormatException(path, $"truncated header: expected {4 + dimBytes.Length} bytes for {rank} dimensions, found {4 + got}");
        }

        var dims = new int[rank];
        long expected = 1;
        for (var i = 0; i < rank; i++)
        {
            var d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d == 0)
            {
                throw new IdxFormatException(path, $"dimension {i} is 0; every dimension must be positive");
            }

            // Checked per step so a product of huge dimensions cannot overflow a long.
            if (d > Array.MaxLength || expected * d > Array.MaxLength)
            {
                throw new IdxFormatException(path, $"dimensions [{string.Join(", ", ReadAll(dimBytes, rank))}] describe more than {Array.MaxLength} elements");
            }

            dims[i] = (int)d;
            expected *= d;
        }

        var headerLength = 4 + dimBytes.Length;
        if (rawLength is { } length && length - headerLength < expected)
        {
            throw Truncated(path, expected, length - headerLength);
        }

        var data = ReadData(path, stream, (int)expected, rawLength is null);
        var trailing = CountRemaining(stream);
        if (trailing > 0)
        {
            throw new IdxFormatException(path, $"{trailing} unexpected trailing bytes after the {expected} data bytes the header promises");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(magic);
        hash.AppendData(dimBytes);
        hash.AppendData(data);
        return (new IdxArray(dims, data), Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static byte[] ReadData(string path, Stream stream, int expected, bool grow)
    {
        var data = new byte[grow ? Math.Min(expected, InitialGzipBuffer) : expected];
        var filled = 0;
        while (true)
        {
            filled += stream.ReadAtLeast(data.AsSpan(filled), data.Length - filled, throwOnEndOfStream: false);
            if (filled < data.Length || data.Length == expected)
            {
                break;
            }

            Array.Resize(ref data, (int)Math.Min(2L * data.Length, expected));
        }

        if (filled < expected)
        {
            throw Truncated(path, expected, filled);
        }

        return data;
    }

    private static long CountRemaining(Stream stream)
    {
        var scratch = new byte[8192];
        long total = 0;
        int n;
        while ((n = stream.Read(scratch)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static IdxFormatException Truncated(string path, long expected, long actual) =>
        new(path, $"truncated: the header promises {expected} data bytes but only {actual} are present");

    private static IEnumerable<uint> ReadAll(byte[] dimBytes, int rank) =>
        Enumerable.Range(0, rank).Select(i => BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i)));

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown type",
    };
}
