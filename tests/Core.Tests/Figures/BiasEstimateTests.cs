using Orleans.Lse.Core.Figures;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Tests.Imaging;

namespace Orleans.Lse.Core.Tests.Figures;

/// <summary>Bias heatmaps recover a known mean perturbation and say where it is significantly non-zero.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class BiasEstimateTests
{
    [Fact]
    public void KnownMeanPerturbationIsRecoveredWithItsSupport()
    {
        // A synthetic campaign: 80 perturbations of 8x8 images, mean +0.3 in the top-left block, -0.2 in the bottom-right,
        // 0 elsewhere, with noise of s.d. 0.1.
        const int side = 8;
        var truth = new float[side * side];
        for (int i = 0; i < truth.Length; i++)
        {
            int r = i / side, c = i % side;
            truth[i] = r < 3 && c < 3 ? 0.3f : r >= 5 && c >= 5 ? -0.2f : 0f;
        }

        var random = new Random(5);
        var deltas = Enumerable.Range(0, 80).Select(_ => truth.Select(t => t + (0.1f * Gaussian(random))).ToArray()).ToList();

        var estimate = BiasEstimate.Of("all", deltas, resamples: 400, seed: 1);

        for (int i = 0; i < truth.Length; i++)
        {
            Assert.InRange(estimate.Mean[i], truth[i] - 0.05f, truth[i] + 0.05f);
            Assert.True(estimate.Low[i] <= estimate.Mean[i] && estimate.Mean[i] <= estimate.High[i]);
            if (truth[i] != 0)
            {
                Assert.True(estimate.IsSignificant(i), $"value {i} (true mean {truth[i]}) is not significant: [{estimate.Low[i]}, {estimate.High[i]}]");
            }
        }

        // Of the 46 zero-mean values, a 95 % interval may exclude 0 by chance for a few, not for many.
        int falsePositives = Enumerable.Range(0, truth.Length).Count(i => truth[i] == 0 && estimate.IsSignificant(i));
        Assert.InRange(falsePositives, 0, 8);
        Assert.Equal(estimate.Mean, BiasEstimate.Of("all", deltas, resamples: 400, seed: 1).Mean);
        Assert.Equal(estimate.Low, BiasEstimate.Of("all", deltas, resamples: 400, seed: 1).Low);

        using var dir = new TempDir();
        BiasHeatmaps.Save(dir.File("bias.png"), "bias", [estimate, BiasEstimate.Of("half", deltas.Take(40).ToList())], new ImageShape(1, side, side));
        Assert.True(new FileInfo(dir.File("bias.png")).Length > 0);
    }

    [Fact]
    public void OnePerturbationHasNoSignificanceAndBadInputIsRefused()
    {
        var single = BiasEstimate.Of("one", [[0.5f, -0.5f]]);
        Assert.False(single.IsSignificant(0));
        Assert.Equal(0, single.SignificantCount);
        Assert.Throws<ArgumentException>(() => BiasEstimate.Of("none", []));
        Assert.Throws<ArgumentException>(() => BiasEstimate.Of("ragged", [[1f, 2f], [1f]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BiasEstimate.Of("level", [[1f], [2f]], level: 1.5));
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
