using Orleans.Lse.Core.Figures;
using Orleans.Lse.Core.Tests.Search;
using SkiaSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Figures;

/// <summary>Class maps: the probe's verdicts are the classifier's, each cell is drawn in its class's colour, marks sit where they were put.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ClassMapFigureTests
{
    [Fact]
    public void EachCellIsDrawnInTheColourOfItsClass()
    {
        var grid = new LatentGrid(-2, 2, -1, 1.5, 7, 5).Validated();
        var classes = new int[grid.Rows, grid.Columns];
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
            {
                // Rows and columns differ in every cell's neighbourhood, so a flipped or shifted map cannot pass.
                classes[r, c] = ((3 * r) + c) % 10;
            }
        }

        var figure = new ClassMapFigure(new ClassGrid(grid, classes), "test", "z1", "z2");
        using var bitmap = figure.Render(700, 500);
        for (int r = 0; r < grid.Rows; r++)
        {
            for (int c = 0; c < grid.Columns; c++)
            {
                var (x, y) = figure.PixelOf(grid.X(c), grid.Y(r));
                Assert.True(Close(bitmap.GetPixel((int)x, (int)y), ClassPalette.For(classes[r, c])),
                    $"cell (row {r}, column {c}) at ({grid.X(c)}, {grid.Y(r)}) -> pixel ({x:0}, {y:0}) is {bitmap.GetPixel((int)x, (int)y)}, class {classes[r, c]} is {ClassPalette.For(classes[r, c])}");
            }
        }
    }

    [Fact]
    public void PathMarkersSitAtTheRecordedCoordinates()
    {
        var grid = LatentGrid.Square(0, 0, 1, 4);
        var figure = new ClassMapFigure(new ClassGrid(grid, new int[4, 4]), "path", "eps1", "eps2");
        (double X, double Y)[] path = [(0, 0), (0.2, 0.1), (0.45, -0.3), (0.6, -0.55)];
        figure.AddPath(path, firstSuccess: 2, stop: null, annotateEvery: 0, stepOf: i => i);
        using var bitmap = figure.Render(600, 600);
        var (x, y) = figure.PixelOf(0.45, -0.3);
        Assert.True(Close(bitmap.GetPixel((int)x, (int)y), SKColors.Yellow), $"the first-success marker at (0.45, -0.3) -> ({x:0}, {y:0}) is {bitmap.GetPixel((int)x, (int)y)}, not yellow");
        // Off the path, the map's class 0 shows.
        var (ox, oy) = figure.PixelOf(-0.7, 0.7);
        Assert.True(Close(bitmap.GetPixel((int)ox, (int)oy), ClassPalette.For(0)));
    }

    [Fact]
    public void DecodedAndPerturbedMapsAreTheClassifiersVerdicts()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 2);
        var probe = new LatentProbe(classifier, vae);
        var grid = LatentGrid.Square(0, 0, 3, 5);
        var decoded = probe.DecodedClasses(grid);
        using var images = TinyModels.Images(1);
        var image = images.flatten().data<float>().ToArray();
        var perturbed = probe.PerturbedClasses(image, grid, target: 3);
        using (no_grad())
        {
            for (int r = 0; r < grid.Rows; r++)
            {
                for (int c = 0; c < grid.Columns; c++)
                {
                    using var z = tensor(new[] { (float)grid.X(c), (float)grid.Y(r) }, [1, 2]);
                    using var logits = classifier.call(vae.Decode(z));
                    Assert.Equal((int)logits.argmax(1).item<long>(), decoded.Classes[r, c]);
                    Assert.Equal(probe.Predict(image, [[(float)grid.X(c), (float)grid.Y(r)]])[0], perturbed.Classes[r, c]);
                }
            }

            // The centre cell is eps = 0, where x' = x (up to rounding): c(x') = c(x).
            using var x = tensor(image, [1, 1, 28, 28]);
            Assert.Equal((int)classifier.call(x).argmax(1).item<long>(), perturbed.Classes[2, 2]);
            Assert.NotNull(perturbed.Loss);
        }
    }

    [Fact]
    public void GridsRefuseEmptyOrHugeRanges()
    {
        Assert.Throws<ArgumentException>(() => new LatentGrid(1, 1, 0, 1, 4, 4).Validated());
        Assert.Throws<ArgumentException>(() => new LatentGrid(0, double.NaN, 0, 1, 4, 4).Validated());
        Assert.Throws<ArgumentException>(() => new LatentGrid(0, 1, 0, 1, 4096, 4096).Validated());
        var (classifier, vae) = TinyModels.Create(latentSize: 3);
        Assert.Throws<InvalidOperationException>(() => new LatentProbe(classifier, vae).DecodedClasses(LatentGrid.Square(0, 0, 1, 4)));
    }

    private static bool Close(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) <= 3 && Math.Abs(a.Green - b.Green) <= 3 && Math.Abs(a.Blue - b.Blue) <= 3;
}
