using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Diagnostics;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Service.Tests.Compute;

/// <summary>The batching executor on its own (no cluster): merging, exclusive blocks, errors.</summary>
[Trait(TestCategory.Name, TestCategory.Mnist)]
public sealed class SearchExecutorTests : IDisposable
{
    private static readonly ModelSpec Cnn = new() { Dataset = "mnist", Role = ModelRole.Cnn, Epochs = 1, TrainLimit = 1500, Seed = 2 };
    private static readonly ModelSpec Vae = new() { Dataset = "mnist", Role = ModelRole.Vae, LatentSize = 2, Epochs = 1, TrainLimit = 1500, Seed = 2 };
    private readonly string _models = Path.Combine(Path.GetTempPath(), "lse-executor-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ServiceProvider _services;
    private readonly SearchExecutor _executor;

    public SearchExecutorTests()
    {
        var cluster = Options.Create(new LseClusterOptions
        {
            DataDirectory = _models,
            DatasetDirectory = Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets"),
        });
        var compute = Options.Create(new ComputeOptions { Device = "cpu", MaxBatch = 64, MaxWait = TimeSpan.FromSeconds(2) });
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var library = new ModelLibrary(cluster, compute, new DatasetPaths(cluster), NullLogger<ModelLibrary>.Instance);
        _executor = new SearchExecutor(library, new EngineSearchCompute(library), compute, new LseInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), NullLogger<SearchExecutor>.Instance);
    }

    [Fact]
    public async Task MergeableRequestsShareABatchAndExclusiveOnesRunAlone()
    {
        var options = SearchOptions.Paper with { MaxSteps = 20 };
        await _executor.Predict(Cnn, Vae, 100); // loads (trains) the models first, so the requests below queue together

        // The items first, so that the requests come back to back, well within the executor's wait for more to merge.
        var alone = Lae(0, 4);
        var together = Enumerable.Range(1, 3).Select(i => Lae(i * 10, 5)).ToList();
        var apart = Lae(90, 2);
        var exclusive = _executor.Submit(new SearchRequest(Cnn, Vae, 100, options, alone, Mergeable: false));
        var merged = together.Select(items => _executor.Submit(new SearchRequest(Cnn, Vae, 100, options, items, Mergeable: true))).ToList();
        var other = _executor.Submit(new SearchRequest(Cnn, Vae, 100, options with { StepSize = 0.05 }, apart, Mergeable: true));

        Assert.Equal(4, (await exclusive).BatchSize);
        foreach (var response in await Task.WhenAll(merged))
        {
            Assert.Equal(15, response.BatchSize);
            Assert.Equal(5, response.Results.Count);
        }

        // Different options never share a batch.
        Assert.Equal(2, (await other).BatchSize);
        Assert.Equal([10L, 11, 12, 13, 14], (await merged[0]).Results.Select(r => r.Id));
        Assert.Equal(0, _executor.QueueDepth);
    }

    [Fact]
    public async Task AFailingRequestFailsItsOwnTaskAndTheExecutorCarriesOn()
    {
        var options = SearchOptions.Paper with { MaxSteps = 5 };
        var outOfRange = new SearchRequest(Cnn, Vae, 100, options, [SearchItem.Lse(1, 999, 3)], Mergeable: false);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _executor.Submit(outOfRange));
        Assert.Contains("image row 999", error.Message);

        var fine = await _executor.Submit(new SearchRequest(Cnn, Vae, 100, options, Lae(0, 2), Mergeable: false));
        Assert.Equal(2, fine.Results.Count);
        Assert.Throws<ArgumentException>(() => { _ = _executor.Submit(new SearchRequest(Cnn, Vae, 100, options, [], Mergeable: false)); });
    }

    public void Dispose()
    {
        _executor.Dispose();
        _services.Dispose();
        try
        {
            Directory.Delete(_models, recursive: true);
        }
        catch (IOException)
        {
            // Leftover temporary files are harmless.
        }
    }

    /// <summary>LAE searches on test images start.., each pushed from its label (from the MNIST test set) to label + 1.</summary>
    private static readonly Lazy<byte[]> s_labels = new(() => new DatasetCatalog(Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")).Load("mnist").Test.Labels);

    private static List<SearchItem> Lae(int start, int count)
    {
        var labels = s_labels.Value;
        return [.. Enumerable.Range(start, count).Select(i => SearchItem.Lae(i, i, labels[i], (labels[i] + 1) % 10))];
    }
}
