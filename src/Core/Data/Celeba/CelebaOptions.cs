namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>How CelebA's images are read.</summary>
public sealed record CelebaOptions
{
    /// <summary>Side of the square images the models see. Default 64.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Side of the centre square taken from each 178x218 image before resizing; 0 (default) takes the short side.</summary>
    public int Crop { get; init; }

    /// <summary>Most decoded images kept in memory (3 x size x size floats each: 48 KiB at 64). Default 4096 (192 MiB at 64).</summary>
    public int CacheImages { get; init; } = 4096;

    /// <summary>Throws a <see cref="DatasetException"/> naming the first invalid option.</summary>
    public CelebaOptions Validated()
    {
        if (ImageSize is < 8 or > 512)
        {
            throw new DatasetException($"CelebA image size must be in 8..512 (got {ImageSize}).");
        }

        if (Crop is < 0 or > 4096)
        {
            throw new DatasetException($"CelebA crop must be in 0..4096 (0 = the short side; got {Crop}).");
        }

        if (CacheImages is < 0 or > 1_000_000)
        {
            throw new DatasetException($"CelebA cache must hold 0..1000000 images (got {CacheImages}).");
        }

        return this;
    }
}
