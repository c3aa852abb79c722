using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Search;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Tests.Search;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class StepThreadsTests
{
    [Fact]
    public void StepsOfFewRowsRunOnOneThreadAndTheConfiguredCountComesBack()
    {
        TorchRuntime.EnsureInitialized();
        int before = get_num_threads();
        try
        {
            set_num_threads(2);
            using (var threads = new StepThreads(CPU))
            {
                threads.For(StepThreads.SingleThreadRows);
                Assert.Equal(1, get_num_threads());
                threads.For(StepThreads.SingleThreadRows + 1);
                Assert.Equal(2, get_num_threads());
                threads.For(3);
                Assert.Equal(1, get_num_threads());
            }

            Assert.Equal(2, get_num_threads());
        }
        finally
        {
            set_num_threads(before);
        }
    }

    [Fact]
    public void ARunLeavesTheThreadCountAsItFoundItAndAccountsItsTimeByPhase()
    {
        var (classifier, vae) = TinyModels.Create(latentSize: 4);
        var engine = new LatentSearchEngine(classifier, vae);
        using var images = TinyModels.Images(40);
        var predicted = engine.Predict(images);
        var items = predicted.Select((p, i) => SearchItem.Lae(i, i, p, (p + 1) % 10)).ToList();
        int before = get_num_threads();
        try
        {
            set_num_threads(2);
            var results = engine.Run(images, items, SearchOptions.Paper with { MaxSteps = 5, StopRules = false });
            Assert.Equal(2, get_num_threads());
            Assert.Equal(40, results.Count);

            var stats = engine.LastRunStats!;
            Assert.True(stats.Phases[SearchPhase.Evaluate] > TimeSpan.Zero, "The steps' forward and backward passes took no time.");
            Assert.True(stats.Phases[SearchPhase.Setup] > TimeSpan.Zero, "Encoding the rows took no time.");
            Assert.True(stats.Phases.Total <= stats.Elapsed, $"The phases add up to {stats.Phases.Total}, more than the run's {stats.Elapsed}.");
        }
        finally
        {
            set_num_threads(before);
        }
    }
}
