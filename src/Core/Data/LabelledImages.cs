using System.Security.Cryptography;
using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Data;

/// <summary>A user's images of one shape, pixels in [0, 1] (C x H x W each, flat), with labels and where each came from.</summary>
public sealed record LabelledImages(string Name, ImageShape Shape, float[] Pixels, int[] Labels, IReadOnlyList<string> Paths, IReadOnlyList<string> ClassNames)
{
    public int Count => Labels.Length;

    /// <summary>The images as a tensor [N, C, H, W] on the CPU.</summary>
    public Tensor ToTensor() => tensor(Pixels, Shape.Batch(Count));

    /// <summary>The pixels of image <paramref name="row"/>, flat C x H x W.</summary>
    public float[] Image(int row) => Pixels.AsSpan(row * Shape.Values, Shape.Values).ToArray();

    /// <summary>SHA-256 over the pixels and labels, so results name exactly the data they came from.</summary>
    public string Checksum()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Pixels.AsSpan()));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Labels.AsSpan()));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
