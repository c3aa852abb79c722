using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Placement;
using Orleans.Runtime;

namespace Orleans.Lse.Grains.Searches;

/// <summary>
/// Runs one block of a campaign on this silo's executor as a batch of exactly the block's searches, writes each result to
/// its search grain and keeps the summaries until the campaign collects them. Holds no durable state of its own: if its
/// silo dies, the campaign finds the block idle and starts it again; searches already stored are not run again.
/// </summary>
[ComputePlacement]
public sealed partial class SearchBatchGrain(
    SearchExecutor executor,
    IOptions<ComputeOptions> compute,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<SearchBatchGrain> logger) : Grain, ISearchBatchGrain
{
    private const int StorageCallsAtOnce = 16;
    private BatchStatus _status = new() { Phase = BatchPhase.Idle };

    public Task<BatchStatus> Start(BatchWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        string key = this.GetPrimaryKeyString();
        if (work.GrainKey != key)
        {
            throw new ArgumentException($"Block '{work.GrainKey}' sent to batch grain '{key}'.", nameof(work));
        }

        if (_status.Phase is BatchPhase.Running or BatchPhase.Done)
        {
            return Task.FromResult(_status);
        }

        if (compute.Value.CrashOnBlock is { Length: > 0 } poison && key.EndsWith(poison, StringComparison.Ordinal))
        {
            Environment.FailFast($"Test hook Lse:Compute:CrashOnBlock: block {key} kills its silo.");
        }

        _status = new BatchStatus { Phase = BatchPhase.Running, RanOn = silo.SiloAddress.ToString() };
        if (compute.Value.HangOnBlock is not { Length: > 0 } hang || !key.EndsWith(hang, StringComparison.Ordinal))
        {
            _ = RunAsync(work);
        }

        return Task.FromResult(_status);
    }

    public Task<BatchStatus> Poll() => Task.FromResult(_status);

    public Task Release()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task RunAsync(BatchWork work)
    {
        try
        {
            IRecordStore store = work.BlockStorage ? new BlockStore(GrainFactory.GetGrain<IBlockResultsGrain>(work.GrainKey)) : new SearchGrainStore(GrainFactory, work);
            if (await store.Stored() is { } stored)
            {
                _status = Done(work, stored, 0, "(stored)");
                Notify(work);
                return;
            }

            var options = CampaignPlanner.Options(work) with { MaxBatch = work.Items.Length };
            var items = work.Items.Select(i => work.Mode == CampaignMode.Lse
                ? SearchItem.Lse(i.SearchId ?? i.Ordinal, i.Image, i.TrueLabel)
                : SearchItem.Lae(i.SearchId ?? i.Ordinal, i.Image, i.TrueLabel, i.Target)).ToList();
            var response = await executor.Submit(new SearchRequest(work.Classifier, work.Vae, work.TestLimit, options, items, Mergeable: false));
            Check("classifier", work.ClassifierSha256, response.Classifier.WeightsSha256);
            Check("VAE", work.VaeSha256, response.Vae.WeightsSha256);
            if (work.DataSha256 is { } planned && planned != response.Test.Sha256)
            {
                throw new InvalidOperationException($"The test images of dataset '{work.Classifier.Dataset}' on this silo differ from those the campaign was planned on (SHA-256 {response.Test.Sha256[..12]}, planned {planned[..Math.Min(12, planned.Length)]}): restore them, or submit a new campaign.");
            }

            var records = await Task.Run(() => ToRecords(work, response.Results, response.Test, time.GetUtcNow()));
            var kept = await store.Keep(records);
            _status = Done(work, kept, response.Results.Sum(r => (long)r.TotalSteps), $"{silo.SiloAddress} {response.Device}");
            LogDone(logger, work.GrainKey, work.Items.Length, kept.Count(r => r.Success));
        }
        catch (Exception e)
        {
            LogFailed(logger, e, work.GrainKey);
            _status = new BatchStatus { Phase = BatchPhase.Failed, Error = e.Message, RanOn = silo.SiloAddress.ToString(), Transient = Diagnostics.Transient.Is(e) };
        }

        Notify(work);
    }

    /// <summary>Tells the campaign the block finished (one-way): it need not wait for its next poll to collect it.</summary>
    private void Notify(BatchWork work) => GrainFactory.GetGrain<IExperimentGrain>(work.CampaignId).BlockFinished(work.GrainKey).Ignore();

    /// <summary>Where a block's records are stored: one block-results grain, or (campaigns submitted before) a grain per search.</summary>
    private interface IRecordStore
    {
        /// <summary>The block's records if all are stored, else null.</summary>
        Task<SearchRecord[]?> Stored();

        /// <summary>Stores the records not stored yet; returns what is stored.</summary>
        Task<SearchRecord[]> Keep(SearchRecord[] records);
    }

    private sealed class BlockStore(IBlockResultsGrain block) : IRecordStore
    {
        public Task<SearchRecord[]?> Stored() => block.Get();

        public Task<SearchRecord[]> Keep(SearchRecord[] records) => block.Store(records);
    }

    private sealed class SearchGrainStore(IGrainFactory grains, BatchWork work) : IRecordStore
    {
        private readonly ISearchGrain[] _grains = [.. work.Items.Select(i => grains.GetGrain<ISearchGrain>(Key(work, i).ToString()))];

        public async Task<SearchRecord[]?> Stored()
        {
            var stored = await InWaves(_grains, g => g.GetStored());
            return stored.All(r => r is not null) ? [.. stored.Select(r => r!)] : null;
        }

        public Task<SearchRecord[]> Keep(SearchRecord[] records) => InWaves(Enumerable.Range(0, _grains.Length).ToArray(), i => _grains[i].Record(records[i]));
    }

    /// <summary>
    /// Calls for every element, at most <see cref="StorageCallsAtOnce"/> at a time: each call may hold a storage
    /// connection, and a block of 256 at once would exhaust a PostgreSQL server's default 100 connections.
    /// </summary>
    private static async Task<TResult[]> InWaves<T, TResult>(T[] elements, Func<T, Task<TResult>> call)
    {
        var results = new TResult[elements.Length];
        for (int start = 0; start < elements.Length; start += StorageCallsAtOnce)
        {
            int n = Math.Min(StorageCallsAtOnce, elements.Length - start);
            var wave = await Task.WhenAll(elements.Skip(start).Take(n).Select(call));
            wave.CopyTo(results, start);
        }

        return results;
    }

    private static BatchStatus Done(BatchWork work, SearchRecord[] records, long steps, string ranOn) => new()
    {
        Phase = BatchPhase.Done,
        Results = [.. records.Select(r => r.ToSummary())],
        RanOn = ranOn,
        GradientSteps = steps,
    };

    private static SearchKey Key(BatchWork work, SearchWorkItem item) => new(work.CampaignId, work.Mode, work.LatentSize, item.Image, item.Target, work.Trait);

    private static void Check(string what, string expected, string actual)
    {
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The {what} on this silo has weights {actual}, but the campaign was planned with {expected}: retrain or share the model directory.");
        }
    }

    private static SearchRecord[] ToRecords(BatchWork work, IReadOnlyList<SearchResult> results, TestData test, DateTimeOffset now)
    {
        if (work.ImageDirectory is { } galleryDirectory)
        {
            WriteGallery(work, results, test, galleryDirectory);
        }

        var records = new SearchRecord[results.Count];
        for (int i = 0; i < results.Count; i++)
        {
            var item = work.Items[i];
            records[i] = SearchRecords.From(Key(work, item), item.Ordinal, item.TrueLabel, results[i], work.ImageDirectory, now, test.Shape);
        }

        return records;
    }

    /// <summary>The block as one picture: original | x' - x | x' per search, with labels (the paper's figure layout).</summary>
    private static void WriteGallery(BatchWork work, IReadOnlyList<SearchResult> results, TestData test, string imageDirectory)
    {
        var rows = results.Select((r, i) =>
        {
            var original = new float[r.Perturbed.Length];
            for (int p = 0; p < original.Length; p++)
            {
                original[p] = r.Perturbed[p] - r.Delta[p];
            }

            var item = work.Items[i];
            string caption = string.Create(CultureInfo.InvariantCulture, $"#{item.Image} steps {r.Steps} |eps| {r.EpsNorm:0.###}");
            return new GalleryRow(original, r.Delta, r.Perturbed, test.Shape, r.InitialPrediction, r.FinalPrediction, r.Target, r.Success, caption);
        }).ToList();
        string mode = work.Mode.ToString().ToLowerInvariant();
        string path = Path.Combine(Path.GetDirectoryName(imageDirectory)!, $"gallery-{SliceNames.Of(work.Mode, work.LatentSize, work.Trait)}-b{work.Block:D4}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ExplanationGallery.Write(path, $"{work.CampaignId} {mode.ToUpperInvariant()} d={work.LatentSize}{(work.Trait is null ? "" : $" {work.Trait}")} block {work.Block}", rows, columns: 2, scale: 3, maxRows: rows.Count, labelName: work.Mode == CampaignMode.Lse ? "true" : "target",
            classNames: test.ClassNames);
    }
}
