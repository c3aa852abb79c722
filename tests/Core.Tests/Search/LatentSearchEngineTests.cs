using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

public sealed class LatentSearchEngineTests
{
    [Theory]
    [MemberData(nameof(TinyModels.Devices), MemberType = typeof(TinyModels))]
    public void EpsZeroGivesTheOriginalImageExactly(string deviceName)
    {
        var device = ComputeDevice.Resolve(ComputeDevice.Parse(deviceName));
        var (classifier, vae) = TinyModels.Create(latentSize: 4);
        var engine = new LatentSearchEngine(classifier, vae, device);
        using var images = TinyModels.Images(6);
        var predicted = engine.Predict(images);

        // Targeting the current prediction succeeds at step 0, where eps = 0: x' must be x, bit for bit.
        var items = predicted.Select((p, i) => SearchItem.Lse(i, i, p)).ToList();
        var results = engine.Run(images, items, SearchOptions.Paper);

        for (int i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.True(r.Success);
            Assert.Equal(0, r.Steps);
            Assert.Equal(0f, r.EpsNorm);
            Assert.Equal(images[i].flatten().data<float>().ToArray(), r.Perturbed);
            Assert.All(r.Delta, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void StopsAtTheFirstSuccessfulStepOfPlainGradientDescent() =>
        AssertMatchesHandReplay(SearchOptions.Paper with { MaxSteps = 300, StopRules = false, StepSize = 0.5 }, replayStep: 0.5);

    // The batch-mean reading: lambda = 4 on the mean CE over N = 8 is a step of 0.5 on each search's own CE.
    [Fact]
    public void MeanOverNStepsLambdaOverNOnEachSearch() =>
        AssertMatchesHandReplay(SearchOptions.Paper with { MaxSteps = 300, StopRules = false, StepSize = 4, LossMeanOver = 8 }, replayStep: 0.5);

    private static void AssertMatchesHandReplay(SearchOptions options, double replayStep)
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 3, seed: 3);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(8, seed: 5);
        var predicted = engine.Predict(images);
        var items = predicted.Select((p, i) => SearchItem.Lae(i, i, p, (p + 1 + i) % 10 == p ? (p + 2) % 10 : (p + 1 + i) % 10)).ToList();

        var results = engine.Run(images, items, options);

        int checkedSuccesses = 0;
        for (int i = 0; i < items.Count; i++)
        {
            // Replay equations 1 and 2 by hand, one image at a time, and find the first step on target.
            var (firstHit, epsAtHit) = Replay(classifier, vae, images[i].unsqueeze(0), items[i].Target, replayStep, options.MaxSteps);
            Assert.Equal(firstHit is not null, results[i].Success);
            if (firstHit is not null)
            {
                checkedSuccesses++;
                Assert.Equal(firstHit.Value, results[i].Steps);
                Assert.Equal(items[i].Target, results[i].FinalPrediction);
                for (int k = 0; k < epsAtHit.Length; k++)
                {
                    Assert.Equal(epsAtHit[k], results[i].Eps[k], 3);
                }
            }
            else
            {
                Assert.Equal(StopReason.Budget, results[i].StopReason);
                Assert.Equal(options.MaxSteps, results[i].Steps);
            }
        }

        Assert.True(checkedSuccesses >= 2, $"only {checkedSuccesses} searches succeeded; the test needs some");
    }

    [Fact]
    public void RestartsFarOutStartInsideTheDataRegion()
    {
        var (classifier, vae, engine, images, items) = LaeSearches(2, modelSeed: 6, imageCount: 12, imageSeed: 2);
        using var imageTensor = images;
        // Every restart starts 40 away, ten times the region's radius; stuck after 2 steps without progress.
        var options = SearchOptions.Improved with { MaxSteps = 80, Restarts = 8, RestartRadius = 40, RestartGrowth = 1, PlateauWindow = 2, RefineSteps = 0 };

        var results = engine.Run(images, items, options);

        Assert.Contains(results, r => r.Restarts > 0);
        float radius = (float)options.RadiusFor(2);
        Assert.All(results, r => Assert.True(r.LatentNorm <= radius * 1.0001f, $"search {r.Id} ended at ||z + eps|| = {r.LatentNorm} (region {radius})"));
    }

    // Every search that has not succeeded restarts at step 2 (no loss counts as progress, not even the first, so the
    // 3-step window is full there); the restart's eps is the trajectory's point at step 3. With probes it must be a start no worse than the restart's own direction.
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void RestartProbesStartFromTheLowestLossCandidate(int latentSize)
    {
        var (classifier, vae, engine, images, items) = LaeSearches(latentSize, modelSeed: 8, imageCount: 16, imageSeed: 4);
        using var imageTensor = images;
        var options = SearchOptions.Improved with
        {
            MaxSteps = 6, Restarts = 1, RestartProbes = 1, PlateauWindow = 3, PlateauTolerance = 1, RestartRadius = 1, RefineSteps = 0, TrajectoryEvery = 1,
        };

        var blind = engine.Run(images, items, options);
        var probed = engine.Run(images, items, options with { RestartProbes = 8 });

        Assert.Equal(blind.Count(r => r.Restarts > 0) * 8, engine.LastRunStats!.ProbeEvaluations);
        int compared = 0, better = 0;
        for (int i = 0; i < items.Count; i++)
        {
            if (blind[i].Restarts == 0 || probed[i].Restarts == 0 || blind[i].Trajectory.Length < 4 * latentSize || probed[i].Trajectory.Length < 4 * latentSize)
            {
                continue;
            }

            // Identical until the restart.
            Assert.Equal(blind[i].Trajectory[..(3 * latentSize)], probed[i].Trajectory[..(3 * latentSize)]);
            float lossBlind = Loss(classifier, vae, images[i].unsqueeze(0), items[i].Target, blind[i].Trajectory[(3 * latentSize)..(4 * latentSize)]);
            float lossProbed = Loss(classifier, vae, images[i].unsqueeze(0), items[i].Target, probed[i].Trajectory[(3 * latentSize)..(4 * latentSize)]);
            Assert.True(lossProbed <= lossBlind + 1e-5f, $"search {i}: the probed start has loss {lossProbed}, the restart's own direction {lossBlind}");
            compared++;
            better += lossProbed < lossBlind - 1e-5f ? 1 : 0;
        }

        Assert.True(compared >= 8, $"only {compared} searches restarted; the test needs more");
        Assert.True(better > 0, "no probed start beat the restart's own direction");
    }

    // With one refinement step the result is the refinement's start: the shortest of eps * k/8 still on target.
    [Fact]
    public void RefinementStartsAtTheShortestScaleOfEpsStillOnTarget()
    {
        var (classifier, vae, engine, images, items) = LaeSearches(3, modelSeed: 3, imageCount: 48, imageSeed: 6);
        using var imageTensor = images;
        // Long steps overshoot the class boundary. Searches this chaotic change with the last bits of the gradient, so the test
        // takes enough of them (20 succeed, 16 of them overshoot) not to hang on any one.
        var options = SearchOptions.Improved with { MaxSteps = 300, RefineSteps = 1, StepSize = 5, MaxStepNorm = 2 };
        var first = engine.Run(images, items, options with { RefineSteps = 0 });

        var refined = engine.Run(images, items, options);

        int shortened = 0;
        for (int i = 0; i < items.Count; i++)
        {
            if (!refined[i].Success || first[i].Steps == 0)
            {
                continue;
            }

            var x = images[i].unsqueeze(0);
            float scale = refined[i].EpsNorm / first[i].EpsNorm;
            int k = (int)Math.Round(scale * 8);
            Assert.InRange(k, 1, 8);
            Assert.Equal(k / 8f, scale, 3);
            Assert.Equal(items[i].Target, Predict(classifier, vae, x, first[i].Eps.Select(v => v * k / 8f).ToArray()));
            if (k > 1)
            {
                Assert.NotEqual(items[i].Target, Predict(classifier, vae, x, first[i].Eps.Select(v => v * (k - 1) / 8f).ToArray()));
            }

            shortened += k < 8 ? 1 : 0;
        }

        Assert.True(shortened > 0, "no first success was shortened; the test needs some that overshoot");
    }

    /// <summary>Tiny models and one LAE search per image, each to another class (cycling through the other nine).</summary>
    private static (nn.Module<Tensor, Tensor> Classifier, Models.Vae Vae, LatentSearchEngine Engine, Tensor Images, List<SearchItem> Items) LaeSearches(int latentSize, int modelSeed, int imageCount, int imageSeed)
    {
        var (classifier, vae) = TinyModels.Create(latentSize, modelSeed);
        var engine = new LatentSearchEngine(classifier, vae);
        var images = TinyModels.Images(imageCount, imageSeed);
        var predicted = engine.Predict(images);
        return (classifier, vae, engine, images, predicted.Select((p, i) => SearchItem.Lae(i, i, p, (p + 1 + (i % 9)) % 10)).ToList());
    }

    private static float Loss(nn.Module<Tensor, Tensor> classifier, Models.Vae vae, Tensor x, int target, float[] eps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mu = vae.Encode(x).Mu;
        var xp = x + (vae.Decode(mu + tensor(eps).unsqueeze(0)) - vae.Decode(mu));
        return nn.functional.cross_entropy(classifier.forward(xp), tensor(new long[] { target })).item<float>();
    }

    private static int Predict(nn.Module<Tensor, Tensor> classifier, Models.Vae vae, Tensor x, float[] eps)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var mu = vae.Encode(x).Mu;
        var xp = x + (vae.Decode(mu + tensor(eps).unsqueeze(0)) - vae.Decode(mu));
        return (int)classifier.forward(xp).argmax(1).item<long>();
    }

    [Fact]
    public void SameSeedAndBatchSizeGiveIdenticalResults()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 5, seed: 4);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(10, seed: 9);
        var predicted = engine.Predict(images);
        var items = predicted.Select((p, i) => SearchItem.Lae(i, i, p, (p + 3) % 10)).ToList();
        var options = SearchOptions.Improved with { MaxSteps = 150, Restarts = 3, RefineSteps = 20, MaxBatch = 4, Seed = 42 };

        var a = engine.Run(images, items, options);
        var b = engine.Run(images, items, options);

        for (int i = 0; i < items.Count; i++)
        {
            Assert.Equal(a[i].Success, b[i].Success);
            Assert.Equal(a[i].Steps, b[i].Steps);
            Assert.Equal(a[i].Restarts, b[i].Restarts);
            Assert.Equal(a[i].Eps, b[i].Eps);
            Assert.Equal(a[i].Perturbed, b[i].Perturbed);
        }
    }

    [Fact]
    public void FinishedSearchesLeaveTheBatch()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 4, seed: 1);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(8);
        var predicted = engine.Predict(images);
        // Half succeed at step 0, half are LAE searches that run on.
        var items = predicted.Select((p, i) => i % 2 == 0 ? SearchItem.Lse(i, i, p) : SearchItem.Lae(i, i, p, (p + 5) % 10)).ToList();

        engine.Run(images, items, SearchOptions.Paper with { MaxSteps = 50, StopRules = false });

        var stats = engine.LastRunStats!;
        Assert.True(stats.ExampleSteps < (long)items.Count * stats.BatchSteps, "finished searches kept costing compute");
    }

    [Fact]
    public void TrajectoryRecordsEpsEveryKSteps()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 2, seed: 2);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(2);
        var p = engine.Predict(images);
        var results = engine.Run(images, [SearchItem.Lae(0, 0, p[0], (p[0] + 1) % 10)], SearchOptions.Paper with { MaxSteps = 40, StopRules = false, TrajectoryEvery = 10 });

        var r = results[0];
        int expectedPoints = (r.Steps / 10) + 1;
        Assert.Equal(expectedPoints * 2, r.Trajectory.Length);
        Assert.Equal(0f, r.Trajectory[0]);
        Assert.Equal(0f, r.Trajectory[1]);
    }

    private static (int? FirstHit, float[] Eps) Replay(nn.Module<Tensor, Tensor> classifier, Models.Vae vae, Tensor x, int target, double lambda, int budget)
    {
        using var scope = NewDisposeScope();
        Tensor mu;
        using (no_grad())
        {
            mu = vae.Encode(x).Mu;
        }

        var eps = zeros_like(mu);
        var t = tensor(new long[] { target });
        for (int step = 0; step <= budget; step++)
        {
            var e = eps.detach().requires_grad_(true);
            var xp = vae.Decode(mu + e) + x - vae.Decode(mu);
            var logits = classifier.forward(xp);
            if (logits.argmax(1).item<long>() == target)
            {
                return (step, e.detach().data<float>().ToArray());
            }

            if (step == budget)
            {
                break;
            }

            nn.functional.cross_entropy(logits, t).backward();
            eps = (e - (e.grad! * lambda)).detach();
        }

        return (null, []);
    }
}
