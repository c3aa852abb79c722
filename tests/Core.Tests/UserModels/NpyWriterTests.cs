using System.Text;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Tests.Data;

namespace Orleans.Lse.Core.Tests.UserModels;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class NpyWriterTests
{
    [Fact]
    public void FloatsAndLongsAreWrittenInNumPysFormat()
    {
        using var dir = new TempDirectory();
        float[] values = [.. Enumerable.Range(0, 24).Select(i => i * 0.5f)];
        NpyWriter.Write(dir.File("a.npy"), values, 2, 3, 4);
        NpyWriter.Write(dir.File("ids.npy"), new long[] { 7, 1_000_003 }, 2);

        var (header, data) = Read(dir.File("a.npy"));
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), }", header.TrimEnd());
        Assert.Equal(values, Enumerable.Range(0, 24).Select(i => BitConverter.ToSingle(data, 4 * i)).ToArray());
        var (idsHeader, ids) = Read(dir.File("ids.npy"));
        Assert.Equal("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", idsHeader.TrimEnd());
        Assert.Equal(1_000_003, BitConverter.ToInt64(ids, 8));
    }

    [Fact]
    public void AShapeThatDoesNotHoldTheValuesIsRefused()
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentException>(() => NpyWriter.Write(dir.File("a.npy"), new float[5], 2, 3));
        Assert.False(File.Exists(dir.File("a.npy")));
    }

    /// <summary>The header (version 1.0: magic, 2 version bytes, 2 length bytes, header padded to 64) and the data.</summary>
    private static (string Header, byte[] Data) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        int length = BitConverter.ToUInt16(bytes, 8);
        Assert.Equal(0, (10 + length) % 64);
        Assert.Equal((byte)'\n', bytes[10 + length - 1]);
        return (Encoding.ASCII.GetString(bytes, 10, length), bytes[(10 + length)..]);
    }
}
