using System.Security.Cryptography;
using System.Text;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// A campaign's test images as this silo loaded them (a known dataset's test split, a directory of IDX files, or a
/// user model's image folder), with their class names where known and a SHA-256 that is the same on every silo with
/// the same data: of the IDX pixels and labels, or of each image file's bytes with its path and label (decoding and
/// resizing may round differently on another CPU).
/// </summary>
public sealed record TestData(LabelledImages Images, IReadOnlyList<string>? ClassNames, string Sha256)
{
    public ImageShape Shape => Images.Shape;

    public int[] Labels => Images.Labels;

    /// <summary>The images as a new host tensor [N, C, H, W] (the caller owns it).</summary>
    public Tensor ToTensor() => Images.ToTensor();

    /// <summary>The first <paramref name="limit"/> images of a byte image set (0 = all), in [0, 1] as the trainers see them.</summary>
    public static TestData From(ImageSet set, int limit, IReadOnlyList<string>? classNames)
    {
        var taken = limit > 0 ? set.Take(Math.Min(limit, set.Count)) : set;
        var images = new LabelledImages(set.Name, new ImageShape(1, taken.Height, taken.Width), taken.FloatPixels(), [.. taken.Labels.Select(l => (int)l)], [], classNames ?? []);
        return new TestData(images, classNames, images.Checksum());
    }

    /// <summary>A user's images read from <paramref name="root"/> (already loaded in the model's shape and classes).</summary>
    public static TestData From(LabelledImages images, string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < images.Count; i++)
        {
            using var file = File.OpenRead(images.Paths[i]);
            string entry = $"{Path.GetRelativePath(root, images.Paths[i]).Replace('\\', '/')}\t{images.Labels[i]}\t{Convert.ToHexStringLower(SHA256.HashData(file))}\n";
            hash.AppendData(Encoding.UTF8.GetBytes(entry));
        }

        return new TestData(images, images.ClassNames, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
