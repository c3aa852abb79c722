using Orleans.Lse.Core.Models;
using SkiaSharp;

namespace Orleans.Lse.Core.Data;

/// <summary>Decodes image files (PNG, JPEG, BMP, WebP, GIF) with SkiaSharp into pixels of a model's shape.</summary>
public static class ImageFileDecoder
{
    /// <summary>
    /// The whole image at <paramref name="path"/>: a file whose data stops early (which a plain decode fills with a blank
    /// colour) or that is not an image is refused with its path.
    /// </summary>
    private static SKBitmap DecodeWhole(string path)
    {
        using var codec = SKCodec.Create(path, out var opened)
            ?? throw new DatasetException($"{path}: not a readable image ({opened}; corrupt, truncated or not {string.Join("/", ImageFolderLoader.Extensions)}).");
        if (codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            throw new DatasetException($"{path}: the image has no pixels.");
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            bitmap.Dispose();
            throw new DatasetException($"{path}: not a readable image ({result}: corrupt or truncated).");
        }

        return bitmap;
    }

    /// <summary>
    /// Decodes the image at <paramref name="path"/>, takes its centre (a square of side <paramref name="crop"/> first where
    /// given, as CelebA's face crops do), centre-crops that to the shape's aspect, resizes it and writes its pixels
    /// (C x H x W, [0, 1]; grey as luma for one channel). An unreadable file is refused with its path.
    /// </summary>
    public static void Decode(string path, ImageShape shape, Span<float> destination, int crop = 0)
    {
        if (shape.Channels is not (1 or 3))
        {
            throw new DatasetException($"Image files give 1 (grey) or 3 (RGB) channels; the model takes {shape.Channels}.");
        }

        if (destination.Length != shape.Values)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; a {shape.Channels}x{shape.Height}x{shape.Width} image needs {shape.Values}.", nameof(destination));
        }

        using var bitmap = DecodeWhole(path);

        if (crop > Math.Min(bitmap.Width, bitmap.Height))
        {
            throw new DatasetException($"{path}: a {crop}x{crop} crop does not fit in the {bitmap.Width}x{bitmap.Height} image.");
        }

        // Centre crop to the target aspect, then resize (torchvision's Resize then CenterCrop, in one step).
        float width = crop > 0 ? crop : bitmap.Width, height = crop > 0 ? crop : bitmap.Height;
        float scale = Math.Max(shape.Width / width, shape.Height / height);
        float w = shape.Width / scale, h = shape.Height / scale;
        var source = SKRect.Create((bitmap.Width - w) / 2, (bitmap.Height - h) / 2, w, h);
        using var target = new SKBitmap(new SKImageInfo(shape.Width, shape.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(target))
        using (var image = SKImage.FromBitmap(bitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.DrawImage(image, source, SKRect.Create(shape.Width, shape.Height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), null);
        }

        var bytes = target.GetPixelSpan();
        int plane = shape.Height * shape.Width;
        for (int p = 0; p < plane; p++)
        {
            float r = bytes[4 * p] / 255f, g = bytes[(4 * p) + 1] / 255f, b = bytes[(4 * p) + 2] / 255f;
            if (shape.Channels == 1)
            {
                destination[p] = (0.299f * r) + (0.587f * g) + (0.114f * b);
            }
            else
            {
                destination[p] = r;
                destination[plane + p] = g;
                destination[(2 * plane) + p] = b;
            }
        }
    }
}
