using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class LatentSearchEngineTests
{
    [Fact]
    public void EpsZeroGivesTheOriginalImageExactly() => AssertEpsZeroGivesTheOriginalImage(TinyModels.Cpu());

    [SkippableFact]
    [Trait(TestCategory.Name, TestCategory.Cuda)]
    public void EpsZeroGivesTheOriginalImageExactlyOnCuda() => AssertEpsZeroGivesTheOriginalImage(TinyModels.Cuda());

    private static void AssertEpsZeroGivesTheOriginalImage(Device device)
    {
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
    public void EveryStepIsEquationTwoAndTheSearchStopsAtTheFirstSuccess() =>
        AssertEveryStepMatchesAutograd(SearchOptions.Paper with { MaxSteps = 300, StopRules = false, StepSize = 0.5 }, lambda: 0.5);

    // The batch-mean reading: lambda = 4 on the mean CE over N = 8 is a step of 0.5 on each search's own CE.
    [Fact]
    public void MeanOverNStepsLambdaOverNOnEachSearch() =>
        AssertEveryStepMatchesAutograd(SearchOptions.Paper with { MaxSteps = 300, StopRules = false, StepSize = 4, LossMeanOver = 8 }, lambda: 0.5);

    /// <summary>
    /// Equations 1 and 2 checked step by step on the engine's own recorded trajectory: from each recorded eps_t, autograd on
    /// one image gives the prediction c(g(z + eps_t) + x - g(z)) and the gradient, and eps_{t+1} must be eps_t - lambda
    /// gradient; the search must be on target at its last step and at no earlier one; x' and x' - x must be those of
    /// the final eps. Each step is compared on its own, so the tolerance is one step's float rounding (the engine
    /// batches rows, tiles them and takes the CNN's input gradient by hand): a whole trajectory replayed by hand parts
    /// from the engine's within a few hundred steps on some CPUs' kernels, which says nothing about either. A wrong step
    /// size, gradient sign, residual term x - g(z) or stopping step misses these tolerances by orders of magnitude.
    /// </summary>
    private static void AssertEveryStepMatchesAutograd(SearchOptions options, double lambda)
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 3, seed: 3);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(8, seed: 5);
        var predicted = engine.Predict(images);
        var items = predicted.Select((p, i) => SearchItem.Lae(i, i, p, (p + 1 + i) % 10 == p ? (p + 2) % 10 : (p + 1 + i) % 10)).ToList();

        var results = engine.Run(images, items, options with { TrajectoryEvery = 1 });

        const int d = 3;
        int successes = 0, checkedSteps = 0, nearTies = 0, kinks = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var r = results[i];
            var x = images[i].unsqueeze(0);
            int target = items[i].Target;
            Assert.Equal((r.Steps + 1) * d, r.Trajectory.Length);
            Assert.Equal(new float[d], r.Trajectory[..d]);
            Assert.Equal(r.Trajectory[^d..], r.Eps);
            if (r.Success)
            {
                successes++;
                Assert.Equal(target, r.FinalPrediction);
            }
            else
            {
                Assert.Equal(StopReason.Budget, r.StopReason);
                Assert.Equal(options.MaxSteps, r.Steps);
            }

            for (int step = 0; step <= r.Steps; step++)
            {
                var eps = r.Trajectory[(step * d)..((step + 1) * d)];
                var (logits, gradient, perturbed) = StepByAutograd(classifier, vae, x, target, eps);

                // On target exactly at the last step of a success, and at no step before it. A logit within float
                // rounding of a tie can go either way between two correct implementations and is not judged.
                float targetLogit = logits[target], otherBest = logits.Where((_, c) => c != target).Max();
                bool onTarget = targetLogit > otherBest;
                if (Math.Abs(targetLogit - otherBest) <= 1e-4f * (1 + Math.Abs(targetLogit)))
                {
                    nearTies++;
                }
                else
                {
                    Assert.True(onTarget == (r.Success && step == r.Steps), $"search {i}, step {step}/{r.Steps} (success {r.Success}): c(x') {(onTarget ? "is" : "is not")} the target {target} (logits {targetLogit} vs {otherBest})");
                }

                if (step == r.Steps)
                {
                    double scale = perturbed.Max(Math.Abs);
                    for (int p = 0; p < perturbed.Length; p++)
                    {
                        Assert.True(Math.Abs(r.Perturbed[p] - perturbed[p]) <= 1e-5 * (1 + scale), $"search {i}: x'[{p}] = {r.Perturbed[p]}, g(z + eps) + x - g(z) = {perturbed[p]}");
                    }

                    break;
                }

                // eps_{t+1} = eps_t - lambda * dCE/deps: up to one step's rounding of the gradient (relative 1e-4, float32
                // through two networks) and of the sum (relative 1e-6 of eps).
                var next = r.Trajectory[((step + 1) * d)..((step + 2) * d)];
                double gradientNorm = Math.Sqrt(gradient.Sum(g => (double)g * g));
                double epsNorm = Math.Sqrt(eps.Sum(e => (double)e * e));
                double tolerance = (1e-4 * lambda * gradientNorm) + (1e-6 * epsNorm) + 1e-9;
                double miss = StepMiss(next, eps, gradient, lambda);
                if (miss > tolerance)
                {
                    // The networks' ReLUs make the gradient jump where a unit's input crosses 0. Where one sits within
                    // rounding of 0 at eps_t, the engine's rounding and autograd's can fall on either side: the engine's
                    // step is then the gradient just beside eps_t. Such a kink is told by a point within 1e-4 of eps_t whose
                    // gradient explains the engine's step; a wrong step size, sign or residual is explained by none.
                    double h = 1e-4 * (1 + epsNorm);
                    double explained = Enumerable.Range(0, 2 * d).Min(n =>
                    {
                        var beside = (float[])eps.Clone();
                        beside[n / 2] += (float)(n % 2 == 0 ? h : -h);
                        return StepMiss(next, eps, StepByAutograd(classifier, vae, x, target, beside).Gradient, lambda);
                    });
                    Assert.True(explained <= Math.Max(tolerance, 0.1 * miss), $"search {i}, step {step}: eps became [{string.Join(", ", next)}], eps - lambda * gradient is {miss:g3} away (tolerance {tolerance:g3}, |gradient| {gradientNorm:g3}), and no gradient beside eps explains it (best {explained:g3})");
                    kinks++;
                }

                checkedSteps++;
            }
        }

        Assert.True(successes >= 2, $"only {successes} searches succeeded; the test needs some");
        Assert.True(checkedSteps >= 100, $"only {checkedSteps} steps checked; the test needs longer searches");
        Assert.True(kinks <= checkedSteps / 100, $"{kinks} of {checkedSteps} steps were on a ReLU kink; more than rounding explains");
        Assert.True(nearTies <= 2, $"{nearTies} evaluations were ties within rounding; the test's searches are too close to their boundaries to judge");
    }

    /// <summary>How far eps_next is from eps - lambda * gradient (largest coordinate).</summary>
    private static double StepMiss(float[] next, float[] eps, float[] gradient, double lambda) =>
        Enumerable.Range(0, eps.Length).Max(k => Math.Abs(next[k] - (eps[k] - (lambda * gradient[k]))));

    /// <summary>One evaluation of equations 1 and 2 by autograd on one image: the logits, dCE/deps and x' at eps.</summary>
    private static (float[] Logits, float[] Gradient, float[] Perturbed) StepByAutograd(nn.Module<Tensor, Tensor> classifier, Models.Vae vae, Tensor x, int target, float[] eps)
    {
        using var scope = NewDisposeScope();
        Tensor z;
        using (no_grad())
        {
            z = vae.Encode(x).Mu;
        }

        var e = tensor(eps).unsqueeze(0).requires_grad_(true);
        var xp = vae.Decode(z + e) + x - vae.Decode(z);
        var logits = classifier.forward(xp);
        nn.functional.cross_entropy(logits, tensor(new long[] { target })).backward();
        return (logits.detach().data<float>().ToArray(), e.grad!.data<float>().ToArray(), xp.detach().flatten().data<float>().ToArray());
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
}
