namespace Orleans.Lse.Core.Models;

/// <summary>The shape of one image, channels x height x width (MNIST: 1x28x28).</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>MNIST's and Fashion-MNIST's images.</summary>
    public static ImageShape Mnist { get; } = new(1, 28, 28);

    /// <summary>Values per image: C * H * W.</summary>
    public int Values => Channels * Height * Width;

    /// <summary>The shape of a batch of <paramref name="n"/> images, [n, C, H, W].</summary>
    public long[] Batch(long n) => [n, Channels, Height, Width];

    /// <summary>Throws unless every dimension is at least 1 and the image holds at most 2^26 values.</summary>
    public ImageShape Validated()
    {
        if (Channels < 1 || Height < 1 || Width < 1 || (long)Channels * Height * Width > 1 << 26)
        {
            throw new ArgumentException($"An image shape needs C, H, W >= 1 and at most 2^26 values; got {this}.");
        }

        return this;
    }

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
