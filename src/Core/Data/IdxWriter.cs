using System.Buffers.Binary;

namespace Orleans.Lse.Core.Data;

/// <summary>Writes unsigned-byte IDX files (MNIST's format), so that exported images can join a training set.</summary>
public static class IdxWriter
{
    /// <summary>Writes <paramref name="data"/> with <paramref name="dimensions"/> (their product must be its length) through a temporary name.</summary>
    public static void Write(string path, int[] dimensions, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(data);
        if (dimensions.Length is < 1 or > IdxReader.MaxDimensions || dimensions.Any(d => d < 0))
        {
            throw new ArgumentException($"An IDX array has 1 to {IdxReader.MaxDimensions} non-negative dimensions; got [{string.Join(", ", dimensions)}].", nameof(dimensions));
        }

        long count = dimensions.Aggregate(1L, (a, d) => a * d);
        if (count != data.LongLength)
        {
            throw new ArgumentException($"Dimensions [{string.Join(", ", dimensions)}] hold {count} values; got {data.LongLength}.", nameof(data));
        }

        string temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        {
            Span<byte> word = stackalloc byte[4];
            file.Write([0, 0, IdxReader.UnsignedByteType, (byte)dimensions.Length]);
            foreach (int d in dimensions)
            {
                BinaryPrimitives.WriteInt32BigEndian(word, d);
                file.Write(word);
            }

            file.Write(data);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Values in [0, 1] as bytes 0..255 (clamped, so infinities go to 0 or 255; NaN as 0).</summary>
    public static byte[] Bytes(IEnumerable<float[]> images) =>
        [.. images.SelectMany(i => i).Select(v => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(Math.Clamp(v, 0f, 1f) * 255), 0, 255))];
}
