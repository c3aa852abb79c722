namespace Orleans.Lse.Core.Data;

/// <summary>
/// A labelled set of single-channel images stored as one row-major byte buffer.
/// The arrays are held, not copied, so large sets cost no extra memory.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Creates an image set; <paramref name="pixels"/> holds <c>labels.Length * height * width</c> bytes.</summary>
    /// <exception cref="ArgumentException">Sizes do not agree or a label is not below <paramref name="classCount"/>.</exception>
    public ImageSet(string name, int height, int width, byte[] pixels, byte[] labels, int classCount = 10)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if (pixels.LongLength != (long)labels.Length * height * width)
        {
            throw new ArgumentException(
                $"Image set '{name}': {pixels.Length} pixel bytes do not match {labels.Length} labels of {height}x{width}.", nameof(pixels));
        }

        var bad = Array.FindIndex(labels, l => l >= classCount);
        if (bad >= 0)
        {
            throw new ArgumentException(
                $"Image set '{name}': label {labels[bad]} at index {bad} is not below the class count {classCount}.", nameof(labels));
        }

        Name = name;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
        ClassCount = classCount;
    }

    /// <summary>Name of the set, e.g. <c>mnist/train</c>.</summary>
    public string Name { get; }

    /// <summary>Number of images (and labels).</summary>
    public int Count => Labels.Length;

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>All pixels, <c>Count * Height * Width</c> bytes, image after image, each row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>One label per image, each below <see cref="ClassCount"/>.</summary>
    public byte[] Labels { get; }

    /// <summary>Number of classes (10 for MNIST-style data).</summary>
    public int ClassCount { get; }

    /// <summary>The pixels in [0, 1] (each byte / 255), as the models see them.</summary>
    public float[] FloatPixels()
    {
        var floats = new float[Pixels.Length];
        for (int i = 0; i < floats.Length; i++)
        {
            floats[i] = Pixels[i] / 255f;
        }

        return floats;
    }

    /// <summary>A copy holding the first <paramref name="n"/> images.</summary>
    public ImageSet Take(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, Count);
        var size = Height * Width;
        return new ImageSet(Name, Height, Width, Pixels[..(n * size)], Labels[..n], ClassCount);
    }

    /// <summary>A copy holding the images at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public ImageSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = Height * Width;
        var pixels = new byte[(long)indices.Count * size];
        var labels = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"Index at position {i} is outside 0..{Count - 1}.");
            }

            Array.Copy(Pixels, (long)index * size, pixels, (long)i * size, size);
            labels[i] = Labels[index];
        }

        return new ImageSet(Name, Height, Width, pixels, labels, ClassCount);
    }
}
