using System.Security.Cryptography;
using Orleans.Lse.Core.Data.Celeba;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// The CelebA test images a face campaign explains, read once and shared by its traits: their data set indices, pixels
/// ([N, 3, S, S] in [0, 1]), paths and each file's SHA-256 (the same on every CPU, unlike the decoded pixels).
/// </summary>
internal sealed record FaceTestImages(int[] Indices, float[] Pixels, string[] Paths, string[] FileSha256)
{
    /// <summary>The first <paramref name="limit"/> images of the test partition (0 = all of it).</summary>
    public static FaceTestImages Read(CelebaDataset data, int limit)
    {
        ArgumentNullException.ThrowIfNull(data);
        var test = data.Indices(CelebaSplit.Test);
        int[] indices = [.. limit > 0 ? test.Take(limit) : test];
        if ((long)indices.Length * data.Shape.Values > Array.MaxLength)
        {
            throw new Core.Data.DatasetException($"{indices.Length:N0} CelebA test images of {data.Shape.Channels}x{data.Shape.Height}x{data.Shape.Width} do not fit in memory at once: give the campaign a testLimit.");
        }

        var pixels = new float[indices.Length * data.Shape.Values];
        var paths = new string[indices.Length];
        var hashes = new string[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            data.Image(indices[k]).CopyTo(pixels, k * data.Shape.Values);
            paths[k] = data.ImagePath(indices[k]);
            using var file = File.OpenRead(paths[k]);
            hashes[k] = Convert.ToHexStringLower(SHA256.HashData(file));
        }

        return new FaceTestImages(indices, pixels, paths, hashes);
    }
}
