using Microsoft.Extensions.Caching.Memory;
using Orleans.Lse.Core.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Data.Celeba;

/// <summary>
/// A copy of CelebA on disk (<see cref="CelebaFiles"/>): annotations in memory, images decoded from disk when asked
/// (centre square, resized, RGB in [0, 1]) with at most <see cref="CelebaOptions.CacheImages"/> of them kept, so the
/// 202,599 images are never all in memory. Thread-safe.
/// </summary>
public sealed class CelebaDataset : IDisposable
{
    private readonly MemoryCache _cache;
    private long _decoded;

    private CelebaDataset(string root, CelebaOptions options, CelebaAnnotations annotations)
    {
        Root = root;
        Options = options;
        Annotations = annotations;
        Shape = new ImageShape(3, options.ImageSize, options.ImageSize);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.CacheImages) });
    }

    public string Root { get; }

    public CelebaOptions Options { get; }

    public CelebaAnnotations Annotations { get; }

    /// <summary>The images' shape: 3 x size x size.</summary>
    public ImageShape Shape { get; }

    /// <summary>Images decoded from disk so far (a cached image is decoded once while it stays cached).</summary>
    public long Decoded => Interlocked.Read(ref _decoded);

    /// <summary>Decoded images held now (at most <see cref="CelebaOptions.CacheImages"/>).</summary>
    public int Cached => _cache.Count;

    /// <summary>
    /// Opens the copy at <paramref name="root"/>: reads and checks both annotation files, and that every image they list
    /// is in the images folder (a missing one is named). Images are read later, when asked.
    /// </summary>
    public static CelebaDataset Open(string root, CelebaOptions? options = null)
    {
        options = (options ?? new CelebaOptions()).Validated();
        string images = Path.Combine(root, CelebaFiles.ImagesFolder);
        if (!Directory.Exists(images))
        {
            throw new DatasetException($"{images}: missing (CelebA's layout: {CelebaFiles.ImagesFolder}/, {CelebaFiles.AttributesFile}, {CelebaFiles.PartitionFile}).");
        }

        var annotations = CelebaAnnotations.Read(root);
        var present = new HashSet<string>(Directory.EnumerateFiles(images).Select(Path.GetFileName)!, StringComparer.Ordinal);
        for (int i = 0; i < annotations.Count; i++)
        {
            if (!present.Contains(annotations.Files[i]))
            {
                throw new DatasetException($"{Path.Combine(images, annotations.Files[i])}: missing (listed on line {annotations.Lines[i]} of {CelebaFiles.AttributesFile}).");
            }
        }

        return new CelebaDataset(root, options, annotations);
    }

    /// <summary>The images of a partition, in file order.</summary>
    public IReadOnlyList<int> Indices(CelebaSplit split) => [.. Enumerable.Range(0, Annotations.Count).Where(i => Annotations.Splits[i] == split)];

    /// <summary>Where image <paramref name="index"/> is on disk.</summary>
    public string ImagePath(int index) => Path.Combine(Root, CelebaFiles.ImagesFolder, Annotations.Files[index]);

    /// <summary>Image <paramref name="index"/>'s pixels (C x H x W, [0, 1]); the caller must not change them (they may be cached).</summary>
    public float[] Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Annotations.Count);
        if (_cache.TryGetValue(index, out float[]? cached) && cached is not null)
        {
            return cached;
        }

        var pixels = new float[Shape.Values];
        ImageFileDecoder.Decode(ImagePath(index), Shape, pixels, Options.Crop);
        Interlocked.Increment(ref _decoded);
        if (Options.CacheImages > 0)
        {
            // Refused (not added) when the cache is full; its compaction then makes room for later images.
            _cache.Set(index, pixels, new MemoryCacheEntryOptions { Size = 1 });
        }

        return pixels;
    }

    /// <summary>The images at <paramref name="indices"/> as a host tensor [N, 3, size, size].</summary>
    public Tensor Images(IReadOnlyList<int> indices)
    {
        if ((long)indices.Count * Shape.Values > Array.MaxLength)
        {
            throw new DatasetException($"{indices.Count:N0} images of {Shape.Channels}x{Shape.Height}x{Shape.Width} do not fit in one array: read them in batches.");
        }

        var pixels = new float[indices.Count * Shape.Values];
        try
        {
            Parallel.For(0, indices.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
                Image(indices[i]).CopyTo(pixels.AsSpan(i * Shape.Values, Shape.Values)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first image's own error (it names the file), not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return tensor(pixels, Shape.Batch(indices.Count));
    }

    /// <summary>The attributes <paramref name="attributes"/> of the images at <paramref name="indices"/> as a host tensor [N, T] of 0 and 1.</summary>
    public Tensor Labels(IReadOnlyList<int> indices, IReadOnlyList<int> attributes)
    {
        var labels = new float[indices.Count * attributes.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            for (int t = 0; t < attributes.Count; t++)
            {
                labels[(i * attributes.Count) + t] = Annotations.Has(indices[i], attributes[t]) ? 1 : 0;
            }
        }

        return tensor(labels, [indices.Count, attributes.Count]);
    }

    public void Dispose() => _cache.Dispose();
}
