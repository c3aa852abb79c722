using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Tests.Search;

[Trait(TestCategory.Name, TestCategory.Mnist)]
[Collection(MnistModelsCollection.Name)]
public sealed class TrainedSearchTests(MnistModelsFixture models)
{
    private List<SearchItem> Misclassified(LatentSearchEngine engine, int max)
    {
        var predicted = engine.Predict(models.TestImages);
        return Enumerable.Range(0, predicted.Length).Where(i => predicted[i] != models.Test.Labels[i]).Take(max)
            .Select(i => SearchItem.Lse(i, i, models.Test.Labels[i])).ToList();
    }

    [Fact]
    public void BatchedSearchesMatchOneAtATime()
    {
        var engine = new LatentSearchEngine(models.Classifier, models.Vae);
        var items = Misclassified(engine, 40);
        var laeRows = Enumerable.Range(0, 10).Select(i => SearchItem.Lae(1000 + i, i, models.Test.Labels[i], (models.Test.Labels[i] + 1 + i) % 10));
        items.AddRange(laeRows.Where(s => s.Target != s.TrueLabel));
        Assert.True(items.Count >= 20, $"only {items.Count} searches");
        var options = SearchOptions.Paper with { MaxSteps = 300 };

        var batched = engine.Run(models.TestImages, items, options with { MaxBatch = 256 });
        var single = items.Select(item => engine.Run(models.TestImages, [item], options with { MaxBatch = 1 })[0]).ToList();

        var differing = Enumerable.Range(0, items.Count).Where(i => batched[i].Success != single[i].Success || batched[i].Steps != single[i].Steps).ToList();
        Assert.True(differing.Count <= items.Count / 20, $"{differing.Count}/{items.Count} searches differ between batch sizes 256 and 1: {string.Join(", ", differing.Select(i => $"#{items[i].Id} {batched[i].Steps}/{single[i].Steps}"))}");
        Assert.InRange(Math.Abs(batched.Count(r => r.Success) - single.Count(r => r.Success)), 0, 1);
    }

    [Fact]
    public void TiledStepsMatchOneTensor()
    {
        var engine = new LatentSearchEngine(models.Classifier, models.Vae);
        var items = Misclassified(engine, 40);
        var options = SearchOptions.Paper with { MaxSteps = 300 };

        var whole = engine.Run(models.TestImages, items, options with { TileRows = 4096 });
        var tiled = engine.Run(models.TestImages, items, options with { TileRows = 7 });

        var differing = Enumerable.Range(0, items.Count).Where(i => whole[i].Success != tiled[i].Success || whole[i].Steps != tiled[i].Steps).ToList();
        Assert.True(differing.Count <= items.Count / 20, $"{differing.Count}/{items.Count} searches differ between one tensor and tiles of 7");
        Assert.InRange(Math.Abs(whole.Count(r => r.Success) - tiled.Count(r => r.Success)), 0, 1);
        Assert.Equal(tiled.Select(r => r.EpsNorm), engine.Run(models.TestImages, items, options with { TileRows = 7 }).Select(r => r.EpsNorm));
    }

    [Fact]
    public void RefinementShrinksEpsAndKeepsTheTarget()
    {
        var engine = new LatentSearchEngine(models.Classifier, models.Vae);
        var items = Misclassified(engine, 30);
        var results = engine.Run(models.TestImages, items, SearchOptions.Paper with { RefineSteps = 60 });

        var successes = results.Where(r => r.Success).ToList();
        Assert.True(successes.Count >= 5, $"{successes.Count}/{items.Count} succeeded");
        foreach (var r in successes)
        {
            Assert.True(r.EpsNorm <= r.FirstSuccessEpsNorm + 1e-6f, $"refined {r.EpsNorm} > first {r.FirstSuccessEpsNorm}");
            Assert.Equal(r.Target, r.FinalPrediction);
            Assert.Equal(r.Target, Array.IndexOf(r.Probabilities, r.Probabilities.Max()));
        }

        double refined = successes.Average(r => r.EpsNorm), first = successes.Average(r => r.FirstSuccessEpsNorm);
        Assert.True(refined < 0.98 * first, $"mean ||eps|| {refined} after refinement vs {first} at the first success");
    }

    [Fact]
    public void StoppingRulesLoseNoSuccessAndSaveWork()
    {
        var engine = new LatentSearchEngine(models.Classifier, models.Vae);
        var items = Enumerable.Range(0, 40).SelectMany(i => Enumerable.Range(1, 3).Select(k => SearchItem.Lae((i * 10) + k, i, models.Test.Labels[i], (models.Test.Labels[i] + (3 * k)) % 10)))
            .Where(s => s.Target != s.TrueLabel).ToList();
        var without = engine.Run(models.TestImages, items, SearchOptions.Paper with { StopRules = false });
        long stepsWithout = engine.LastRunStats!.ExampleSteps;
        var with = engine.Run(models.TestImages, items, SearchOptions.Paper);
        long stepsWith = engine.LastRunStats!.ExampleSteps;

        // Far outside the data region (twice its radius) the decoder only extrapolates: successes there do not count.
        float farOut = 2 * (float)SearchOptions.Paper.RadiusFor(models.Vae.LatentSize);
        for (int i = 0; i < items.Count; i++)
        {
            if (without[i].Success && without[i].LatentNorm <= farOut)
            {
                Assert.True(with[i].Success, $"search {items[i].Id} succeeded at step {without[i].Steps} (|z+eps| {without[i].LatentNorm}) without the rules but stopped ({with[i].StopReason}) with them");
                Assert.Equal(without[i].Steps, with[i].Steps);
            }
        }

        Assert.True(stepsWith * 3 < stepsWithout * 2, $"{stepsWith} vs {stepsWithout} example-steps");

        // The floor that --compare-stop-rules reports: what a rule losing none of these successes must spend. The rules lose
        // none, so they spend at least that; the floor rests on a success at step s costing s + 1 example-steps and a search
        // run to the budget 1000 costing 1001 (its last evaluation checks the final eps), checked here on single searches.
        var kept = Enumerable.Range(0, items.Count).Where(i => without[i].Success && without[i].LatentNorm <= farOut).Select(i => items[i].Id).ToHashSet();
        long floor = Core.Experiments.StopRuleComparison.LosslessFloor(without, kept);
        Assert.InRange(floor, items.Count, stepsWith);
        foreach (int i in Enumerable.Range(0, items.Count).Where(i => without[i].Success).Take(3).Append(Enumerable.Range(0, items.Count).First(i => !without[i].Success)))
        {
            var alone = engine.Run(models.TestImages, [items[i]], SearchOptions.Paper with { StopRules = false })[0];
            Assert.Equal(without[i].Success ? alone.Steps + 1 : SearchOptions.Paper.MaxSteps + 1, engine.LastRunStats!.ExampleSteps);
        }
    }
}
