using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Orleans.Lse.Core.Data;

/// <summary>Writes NumPy's .npy format (version 1.0, little-endian, C order), so results go back to Python with numpy.load.</summary>
public static class NpyWriter
{
    /// <summary>Writes float32 values of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<float> values, params long[] shape) => Write(path, "<f4", MemoryMarshal.AsBytes(values), values.Length, shape);

    /// <summary>Writes int64 values of <paramref name="shape"/>.</summary>
    public static void Write(string path, ReadOnlySpan<long> values, params long[] shape) => Write(path, "<i8", MemoryMarshal.AsBytes(values), values.Length, shape);

    private static void Write(string path, string descr, ReadOnlySpan<byte> bytes, long count, long[] shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The .npy writer writes little-endian data from a little-endian machine only.");
        }

        if (shape.Aggregate(1L, (a, b) => a * b) != count || shape.Any(s => s < 0))
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) does not hold {count} values.", nameof(shape));
        }

        string dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        string header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + length (2) + header + '\n', padded with spaces to a multiple of 64.
        int total = (10 + header.Length + 1 + 63) / 64 * 64;
        header = header.PadRight(total - 10 - 1) + "\n";
        string tmp = path + ".tmp";
        using (var stream = File.Create(tmp))
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(bytes);
        }

        File.Move(tmp, path, overwrite: true);
    }
}
