using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Data.Celeba;

namespace Orleans.Lse.Core.Tests.Data;

/// <summary>CelebA's layout read from a generated fixture: annotations, partitions, images as the models see them, a bounded cache, and every error by file and line.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CelebaTests
{
    [Fact]
    public void AFixtureReadsBackInCelebasLayout()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 40, seed: 3);

        using var data = CelebaDataset.Open(dir.Path);

        Assert.Equal(40, data.Annotations.Count);
        Assert.Equal(CelebaFiles.AttributeNames, data.Annotations.Attributes);
        Assert.Equal("000001.jpg", data.Annotations.Files[0]);
        Assert.Equal((32, 4, 4), (data.Indices(CelebaSplit.Train).Count, data.Indices(CelebaSplit.Validation).Count, data.Indices(CelebaSplit.Test).Count));
        Assert.Equal(new(3, 64, 64), data.Shape);
        var pixels = data.Image(0);
        Assert.Equal(3 * 64 * 64, pixels.Length);
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        using var images = data.Images([0, 5, 9]);
        Assert.Equal([3L, 3, 64, 64], images.shape);
        int male = data.Annotations.AttributeIndex("Male"), smiling = data.Annotations.AttributeIndex("Smiling");
        using var labels = data.Labels([0, 5, 9], [male, smiling]);
        Assert.Equal([data.Annotations.Has(5, male) ? 1f : 0f, data.Annotations.Has(5, smiling) ? 1f : 0f], labels[1].data<float>().ToArray());

        // The same seed writes the same files.
        using var again = new TempDirectory();
        CelebaFixture.Write(again.Path, 40, seed: 3);
        Assert.Equal(File.ReadAllText(dir.File(CelebaFiles.AttributesFile)), File.ReadAllText(again.File(CelebaFiles.AttributesFile)));
        Assert.Equal(File.ReadAllBytes(dir.File(CelebaFiles.ImagesFolder, "000007.jpg")), File.ReadAllBytes(again.File(CelebaFiles.ImagesFolder, "000007.jpg")));
    }

    [Fact]
    public void EachTraitIsDrawnInsideItsRegion()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 400, seed: 1);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { CacheImages = 400 });
        var all = Enumerable.Range(0, data.Annotations.Count).ToList();
        int plane = data.Shape.Height * data.Shape.Width;
        var ratios = new List<string>();

        foreach (string trait in CelebaFiles.PaperTraits)
        {
            // Mean image with the trait minus mean image without it, averaged over channels: large inside the region.
            int a = data.Annotations.AttributeIndex(trait);
            var with = Mean(data, all.Where(i => data.Annotations.Has(i, a)).ToList());
            var without = Mean(data, all.Where(i => !data.Annotations.Has(i, a)).ToList());
            var mask = FaceRegions.Mask(trait, data.Shape.Width);
            double inside = 0, outside = 0;
            for (int p = 0; p < plane; p++)
            {
                double difference = Enumerable.Range(0, 3).Average(c => Math.Abs(with[(c * plane) + p] - without[(c * plane) + p]));
                (inside, outside) = mask[p] ? (inside + difference, outside) : (inside, outside + difference);
            }

            int inCount = mask.Count(m => m);
            double ratio = inside / inCount / (outside / (plane - inCount));
            ratios.Add($"{trait} {ratio:F1}");
            Assert.True(ratio > 2, $"{trait}: mean |difference| inside its region is {ratio:F2}x that outside (so far: {string.Join(", ", ratios)})");
        }
    }

    [Fact]
    public void TheCacheHoldsAtMostItsSizeAndDecodesEachCachedImageOnce()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 12);
        using var data = CelebaDataset.Open(dir.Path, new CelebaOptions { CacheImages = 3, ImageSize = 32 });

        var first = data.Image(0);
        Assert.Same(first, data.Image(0));
        Assert.Equal(1, data.Decoded);
        for (int i = 0; i < 12; i++)
        {
            data.Image(i);
            Assert.InRange(data.Cached, 0, 3);
        }

        Assert.Equal(12, data.Decoded);
    }

    [Fact]
    public void ACropTakesTheCentreSquareFirst()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 2);
        using var whole = CelebaDataset.Open(dir.Path);
        using var cropped = CelebaDataset.Open(dir.Path, new CelebaOptions { Crop = 120 });
        Assert.NotEqual(whole.Image(0), cropped.Image(0));

        using var tooLarge = CelebaDataset.Open(dir.Path, new CelebaOptions { Crop = 200 });
        var error = Assert.Throws<DatasetException>(() => tooLarge.Image(0));
        Assert.Contains("000001.jpg: a 200x200 crop does not fit in the 178x218 image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("values", "list_attr_celeba.txt:5: expected an image file and 40 values, got 40 fields")]
    [InlineData("value", "list_attr_celeba.txt:4: attribute Bald of 000002.jpg must be -1 or 1 (got '0')")]
    [InlineData("count", "list_attr_celeba.txt:8: 6 images listed, but the first line announces 7")]
    [InlineData("header", "list_attr_celeba.txt:1: the first line must be the number of images (got 'six')")]
    [InlineData("twice", "list_attr_celeba.txt:4: image 000001.jpg is listed twice")]
    [InlineData("path", "list_attr_celeba.txt:3: '../000001.jpg' is not an image file name")]
    [InlineData("partition", "list_eval_partition.txt:3: names 000004.jpg where list_attr_celeba.txt has 000003.jpg (image 3): the two files disagree")]
    [InlineData("partition-value", "list_eval_partition.txt:2: expected an image file and its partition 0, 1 or 2 (got '000002.jpg 3')")]
    [InlineData("partition-short", "list_eval_partition.txt:5: lists 5 images; list_attr_celeba.txt lists 6")]
    [InlineData("missing", "000004.jpg: missing (listed on line 6 of list_attr_celeba.txt)")]
    [InlineData("empty", "list_attr_celeba.txt:1: ends before the image count")]
    [InlineData("count-only", "list_attr_celeba.txt:2: ends before the attribute names")]
    [InlineData("no-partition", "list_eval_partition.txt: missing (CelebA's layout")]
    public void BadAnnotationsAreNamedByFileAndLine(string problem, string expected)
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 6);
        string attributes = dir.File(CelebaFiles.AttributesFile), partition = dir.File(CelebaFiles.PartitionFile);
        var lines = File.ReadAllLines(attributes);
        var parts = File.ReadAllLines(partition);
        switch (problem)
        {
            case "values": lines[4] = string.Join(' ', lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)); break;
            case "value": lines[3] = Replace(lines[3], field: 5, "0"); break;
            case "count": lines[0] = "7"; break;
            case "header": lines[0] = "six"; break;
            case "twice": lines[3] = lines[2]; break;
            case "path": lines[2] = "../" + lines[2]; break;
            case "partition": (parts[2], parts[3]) = (parts[3], parts[2]); break;
            case "partition-value": parts[1] = "000002.jpg 3"; break;
            case "partition-short": parts = parts[..5]; break;
            case "missing": File.Delete(dir.File(CelebaFiles.ImagesFolder, "000004.jpg")); break;
            case "empty": lines = []; break;
            case "count-only": lines = lines[..1]; break;
            default: File.Delete(partition); break;
        }

        File.WriteAllLines(attributes, lines);
        if (File.Exists(partition))
        {
            File.WriteAllLines(partition, parts);
        }

        var error = Assert.Throws<DatasetException>(() => CelebaDataset.Open(dir.Path).Dispose());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(-2)]
    public void ACorruptOrTruncatedImageIsNamedWhenRead(int keep)
    {
        // 200 bytes: the header is cut. Half the file: a plain decode would fill the missing rows with a blank colour.
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 3);
        string image = dir.File(CelebaFiles.ImagesFolder, "000002.jpg");
        var bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..(keep > 0 ? keep : bytes.Length / -keep)]);
        using var data = CelebaDataset.Open(dir.Path);

        var error = Assert.Throws<DatasetException>(() => data.Image(1));
        var batch = Assert.Throws<DatasetException>(() => data.Images([0, 1, 2]).Dispose());

        Assert.StartsWith($"{image}: not a readable image", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Message, batch.Message);
        Assert.Equal(3 * 64 * 64, data.Image(0).Length);
    }

    [Fact]
    public void EveryPixelATraitChangesLiesInItsRegion()
    {
        // Drawn before JPEG encoding, so the same on every CPU: each trait on against off, the rest as drawn, at the corners of the jitter.
        var palette = new CelebaFixture.FaceLook(new SkiaSharp.SKColor(241, 194, 167), new SkiaSharp.SKColor(30, 25, 20), new SkiaSharp.SKColor(120, 200, 90), new SkiaSharp.SKColor(40, 60, 200), 0, 0);
        foreach (string trait in CelebaFiles.PaperTraits)
        {
            foreach (var (dx, dy) in new[] { (0, 0), (-3, -3), (3, 3), (-3, 3), (3, -3) })
            {
                foreach (bool others in new[] { false, true })
                {
                    var traits = CelebaFiles.PaperTraits.ToDictionary(t => t, t => others && t != "Smiling" && t != "Big_Lips");
                    var look = palette with { Dx = dx, Dy = dy };
                    using var on = CelebaFixture.Render(new Dictionary<string, bool>(traits) { [trait] = true }, look);
                    using var off = CelebaFixture.Render(new Dictionary<string, bool>(traits) { [trait] = false }, look);
                    var regions = FaceRegions.Of(trait);
                    int changed = 0;
                    for (int y = 0; y < CelebaFixture.Height; y++)
                    {
                        for (int x = 0; x < CelebaFixture.Width; x++)
                        {
                            if (on.GetPixel(x, y) != off.GetPixel(x, y))
                            {
                                changed++;
                                Assert.True(regions.Any(r => r.Contains(x, y)), $"{trait} (shift {dx}, {dy}, other traits {(others ? "on" : "off")}) changes ({x}, {y}), outside its regions");
                            }
                        }
                    }

                    Assert.True(changed > 20, $"{trait} changes only {changed} pixels");
                }
            }
        }
    }

    [Theory]
    [InlineData(4, 0, 10, "image size must be in 8..512 (got 4)")]
    [InlineData(64, -1, 10, "crop must be in 0..4096")]
    [InlineData(64, 0, -5, "cache must hold 0..1000000 images (got -5)")]
    public void BadOptionsAreNamed(int size, int crop, int cache, string expected)
    {
        var error = Assert.Throws<DatasetException>(() => new CelebaOptions { ImageSize = size, Crop = crop, CacheImages = cache }.Validated());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTraitIsRefusedWithTheKnownOnes()
    {
        using var dir = new TempDirectory();
        CelebaFixture.Write(dir.Path, 2);
        using var data = CelebaDataset.Open(dir.Path);

        var error = Assert.Throws<DatasetException>(() => data.Annotations.AttributeIndex("Wearing_Cape"));

        Assert.Contains("no attribute 'Wearing_Cape'; its attributes: 5_o_Clock_Shadow, Arched_Eyebrows", error.Message, StringComparison.Ordinal);
    }

    private static float[] Mean(CelebaDataset data, IReadOnlyList<int> images)
    {
        var mean = new float[data.Shape.Values];
        foreach (int i in images)
        {
            var pixels = data.Image(i);
            for (int p = 0; p < mean.Length; p++)
            {
                mean[p] += pixels[p] / images.Count;
            }
        }

        return mean;
    }

    private static string Replace(string line, int field, string value)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        fields[field] = value;
        return string.Join(' ', fields);
    }
}
