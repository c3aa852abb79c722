using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Data;
using SkiaSharp;

namespace Orleans.Lse.Core.Tests.UserModels;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ImageFolderLoaderTests
{
    private static readonly string[] s_classes = ["cat", "dog", "fish"];
    private static readonly ImageShape s_rgb = new(3, 8, 8);

    [Fact]
    public void AnImageFolderLoadsClassesInTurnsEachInPathOrderWithLabelsByFolderName()
    {
        using var dir = new TempDirectory();
        Save(dir.File("dog", "b.png"), 8, 8, SKColors.Red);
        Save(dir.File("dog", "a.jpg"), 8, 8, SKColors.Blue, SKEncodedImageFormat.Jpeg);
        Save(dir.File("dog", "c.png"), 8, 8, SKColors.White);
        Save(dir.File("cat", "nested", "c.png"), 8, 8, SKColors.Lime);
        Save(dir.File("cat", "d.png"), 8, 8, SKColors.Yellow);
        File.WriteAllText(dir.File("cat", "notes.txt"), "not an image, ignored as torchvision does");

        var images = ImageFolderLoader.Load(dir.Path, s_rgb, s_classes);

        // Classes take turns, so the first N images (a limit, "the first N correct") come from every class.
        Assert.Equal(5, images.Count);
        Assert.Equal([0, 1, 0, 1, 1], images.Labels);
        Assert.Equal([dir.File("cat", "d.png"), dir.File("dog", "a.jpg"), dir.File("cat", "nested", "c.png"), dir.File("dog", "b.png"), dir.File("dog", "c.png")], images.Paths);
        Assert.Equal((1f, 1f, 0f), Rgb(images.Image(0), 3, 3));
        var (r, g, b) = Rgb(images.Image(1), 3, 3);
        Assert.True(r < 0.1 && g < 0.1 && b > 0.9, $"the JPEG's blue pixel read as ({r}, {g}, {b})");
        Assert.Equal((0f, 1f, 0f), Rgb(images.Image(2), 3, 3));
        Assert.Equal((1f, 0f, 0f), Rgb(images.Image(3), 3, 3));
        Assert.Equal([0, 1], ImageFolderLoader.Load(dir.Path, s_rgb, s_classes, limit: 2).Labels);
    }

    [Fact]
    public void ImagesAreCentreCroppedResizedAndGreyForOneChannel()
    {
        using var dir = new TempDirectory();
        // 32 x 16: a white middle between black left and right quarters; centre-cropped to 16 x 16 it is all white.
        using (var bitmap = new SKBitmap(32, 16))
        {
            using var canvas = new SKCanvas(bitmap);
            canvas.Clear(SKColors.Black);
            using var paint = new SKPaint { Color = SKColors.White };
            canvas.DrawRect(8, 0, 16, 16, paint);
            Directory.CreateDirectory(dir.File("cat"));
            PngFileOf(bitmap, dir.File("cat", "wide.png"));
        }

        var images = ImageFolderLoader.Load(dir.Path, new ImageShape(1, 4, 4), s_classes);
        Assert.All(images.Image(0), v => Assert.InRange(v, 0.99f, 1f));
    }

    [Fact]
    public void ACorruptImageIsNamed()
    {
        using var dir = new TempDirectory();
        Save(dir.File("cat", "good.png"), 8, 8, SKColors.Red);
        Save(dir.File("dog", "broken.jpg"), 8, 8, SKColors.Red, SKEncodedImageFormat.Jpeg);
        var bytes = File.ReadAllBytes(dir.File("dog", "broken.jpg"));
        File.WriteAllBytes(dir.File("dog", "broken.jpg"), [.. bytes.Take(20)]);

        var error = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path, s_rgb, s_classes));
        Assert.Contains(dir.File("dog", "broken.jpg"), error.Message, StringComparison.Ordinal);
        Assert.Contains("not a readable image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyClassFolderIsNamed()
    {
        using var dir = new TempDirectory();
        Save(dir.File("cat", "good.png"), 8, 8, SKColors.Red);
        Directory.CreateDirectory(dir.File("fish"));

        var error = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path, s_rgb, s_classes));
        Assert.Contains(dir.File("fish"), error.Message, StringComparison.Ordinal);
        Assert.Contains("no images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderOfAnUnknownClassAndAMissingFolderAreNamed()
    {
        using var dir = new TempDirectory();
        Save(dir.File("horse", "h.png"), 8, 8, SKColors.Red);
        var error = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.Path, s_rgb, s_classes));
        Assert.Contains("'horse' is not one of the model's classes (cat, dog, fish)", error.Message, StringComparison.Ordinal);
        Assert.Contains("no such folder", Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.File("nothing"), s_rgb, s_classes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACsvGivesLabelsByNameOrIndexWithAnOptionalHeader()
    {
        using var dir = new TempDirectory();
        Save(dir.File("img", "one, two.png"), 8, 8, SKColors.Red);
        Save(dir.File("img", "b.png"), 8, 8, SKColors.Blue);
        File.WriteAllText(dir.File("labels.csv"), "path,label\n\"img/one, two.png\",fish\nimg/b.png,1\n");

        var images = ImageFolderLoader.Load(dir.File("labels.csv"), s_rgb, s_classes);
        Assert.Equal([2, 1], images.Labels);
        Assert.Equal(dir.File("img", "one, two.png"), images.Paths[0]);
    }

    [Theory]
    [InlineData("img/b.png,horse\n", "line 1: label 'horse' is neither a class name")]
    [InlineData("img/b.png,1\nimg/b.png,3\n", "line 2: label '3' is neither a class name (cat, dog, fish) nor an index below 3")]
    [InlineData("img/b.png,1\nimg/missing.png,1\n", "line 2:")]
    [InlineData("img/b.png\n", "line 1: 1 fields; each row is path,label")]
    [InlineData("", "no rows")]
    public void ABadCsvRowIsNamedWithItsLine(string csv, string problem)
    {
        using var dir = new TempDirectory();
        Save(dir.File("img", "b.png"), 8, 8, SKColors.Blue);
        File.WriteAllText(dir.File("labels.csv"), csv);

        var error = Assert.Throws<DatasetException>(() => ImageFolderLoader.Load(dir.File("labels.csv"), s_rgb, s_classes));
        Assert.Contains(dir.File("labels.csv"), error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static (float R, float G, float B) Rgb(float[] image, int x, int y) => (image[(y * 8) + x], image[64 + (y * 8) + x], image[128 + (y * 8) + x]);

    private static void Save(string path, int width, int height, SKColor color, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var data = bitmap.Encode(format, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static void PngFileOf(SKBitmap bitmap, string path)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
