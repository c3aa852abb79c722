using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Figures;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Imaging;
using Orleans.Lse.Core.Tests.Search;

namespace Orleans.Lse.Core.Tests.Figures;

/// <summary>Edge cases: bisection ends on both sides of the boundary within the tolerance, and the exported set reads back.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class EdgeCaseTests
{
    [Fact]
    public void BisectionReturnsPointsOnBothSidesWithinTheTolerance()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 4);
        var probe = new LatentProbe(classifier, vae);
        using var images = TinyModels.Images(1);
        var image = images.flatten().data<float>().ToArray();
        int start = probe.Predict(image, [new float[4]])[0];
        // A path that leaves c(x)'s region: the first random direction, lengthened until its verdict changes.
        var random = new Random(3);
        float[]? end = null;
        for (int attempt = 0; attempt < 200 && end is null; attempt++)
        {
            var direction = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
            var far = direction.Select(v => v * (2 + (attempt / 10f))).ToArray();
            if (probe.Predict(image, [far])[0] != start)
            {
                end = far;
            }
        }

        Assert.NotNull(end);
        int target = probe.Predict(image, [end])[0];
        var path = Enumerable.Range(0, 6).Select(k => end.Select(v => v * k / 5f).ToArray()).ToList();
        var finder = new EdgeCaseFinder(probe) { Tolerance = 1e-3 };

        var edge = finder.Find(1, 0, start, target, image, path);

        Assert.NotNull(edge);
        Assert.Equal(target, edge.InsidePrediction);
        Assert.NotEqual(target, edge.OutsidePrediction);
        Assert.Equal(target, probe.Predict(image, [edge.InsideEps])[0]);
        Assert.NotEqual(target, probe.Predict(image, [edge.OutsideEps])[0]);
        Assert.InRange(edge.Gap, 0, 1e-3);
        var (_, perturbed) = probe.Perturbed(image, [edge.InsideEps]);
        // Computed in a batch of two there, of one here: equal to float rounding.
        Assert.All(perturbed[0].Zip(edge.InsideImage), p => Assert.Equal(p.First, p.Second, 1e-5f));
        Assert.Null(finder.Find(1, 0, start, target, image, [end]));
        Assert.Null(finder.Find(1, 0, start, target, image, [path[0], path[0]]));
    }

    [Fact]
    public void ExportedSetReadsBackAsIdxWithItsManifest()
    {
        var shape = new ImageShape(1, 4, 3);
        float[] Image(float v) => Enumerable.Repeat(v, shape.Values).ToArray();
        var cases = new[]
        {
            new EdgeCase { SearchId = 7, ImageRow = 70, TrueLabel = 2, Target = 2, OutsideEps = [0f, 0.1f], InsideEps = [0f, 0.1005f], OutsidePrediction = 5, InsidePrediction = 2, OutsideImage = Image(0.2f), InsideImage = Image(1f) },
            new EdgeCase { SearchId = 9, ImageRow = 90, TrueLabel = 4, Target = 4, OutsideEps = [1f, 0f], InsideEps = [1.0004f, 0f], OutsidePrediction = 9, InsidePrediction = 4, OutsideImage = Image(0f), InsideImage = Image(0.5f) },
        };
        using var dir = new TempDir();

        var files = EdgeCaseSet.Write(dir.Path, cases, shape, latentSize: 2, classNames: ["zero", "one", "two, too", "three", "four", "five", "six", "seven", "eight", "nine"]);

        var images = IdxReader.Read(Path.Combine(dir.Path, "images-idx3-ubyte"));
        var labels = IdxReader.Read(Path.Combine(dir.Path, "labels-idx1-ubyte"));
        Assert.Equal([4, 4, 3], images.Dimensions);
        Assert.Equal(new byte[] { 2, 2, 4, 4 }, labels.Data);
        Assert.Equal((byte)51, images.Data[0]);
        Assert.Equal((byte)255, images.Data[shape.Values]);
        Assert.Equal((byte)128, images.Data[3 * shape.Values]);
        var manifest = File.ReadAllLines(Path.Combine(dir.Path, "manifest.csv"));
        Assert.Equal(5, manifest.Length);
        Assert.StartsWith("images/d2-7-outside.png,7,70,2,outside,5,five,2,\"two, too\",2,", manifest[1]);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(dir.Path, f)), f));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "manifest.json")));
        Assert.Equal(4, json.RootElement.GetProperty("images").GetArrayLength());
    }

    [Fact]
    public void IdxWriterRefusesAMismatchedShape()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => IdxWriter.Write(dir.File("x"), [2, 3], new byte[5]));
        Assert.Throws<ArgumentException>(() => IdxWriter.Write(dir.File("x"), [1, 1, 1, 1, 1], new byte[1]));
        Assert.False(File.Exists(dir.File("x")));
    }
}
