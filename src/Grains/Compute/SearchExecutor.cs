using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Lse.Core.Devices;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Diagnostics;
using Orleans.Lse.Grains.Models;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// This silo's batching executor for its compute device: one dedicated thread takes queued requests, merges mergeable
/// ones (up to <see cref="ComputeOptions.MaxBatch"/> searches, waiting at most <see cref="ComputeOptions.MaxWait"/>) and
/// runs the ML core's batched engine. Grains await the returned tasks; no tensor and no dispose scope crosses to them.
/// </summary>
public sealed partial class SearchExecutor : IDisposable
{
    private readonly BlockingCollection<Pending> _queue = [];
    private readonly List<Pending> _deferred = [];
    private readonly Dictionary<string, Tensor> _images = new(StringComparer.Ordinal);
    private readonly ModelLibrary _library;
    private readonly ISearchCompute _compute;
    private readonly ComputeOptions _options;
    private readonly LseInstruments _instruments;
    private readonly ILogger<SearchExecutor> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;
    private int _waiting;
    private long _busyTicks;

    public SearchExecutor(ModelLibrary library, ISearchCompute compute, IOptions<ComputeOptions> options, LseInstruments instruments, ILogger<SearchExecutor> logger)
    {
        _library = library;
        _compute = compute;
        _options = options.Value;
        _instruments = instruments;
        _logger = logger;
        instruments.ObserveQueueDepth(() => Volatile.Read(ref _waiting));
        _thread = new Thread(Loop) { IsBackground = true, Name = "lse-search-executor" };
        _thread.Start();
    }

    /// <summary>Seconds the executor has spent inside the engine since it started.</summary>
    public double BusySeconds => Volatile.Read(ref _busyTicks) / (double)Stopwatch.Frequency;

    /// <summary>Requests queued and not yet running.</summary>
    public int QueueDepth => Volatile.Read(ref _waiting);

    /// <summary>Queues <paramref name="request"/>; the task completes when its searches are done.</summary>
    public Task<SearchResponse> Submit(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Items.Count == 0)
        {
            throw new ArgumentException("A search request needs at least one search.", nameof(request));
        }

        request.Options.Validate();
        var completion = new TaskCompletionSource<SearchResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(request, completion, null));
        return completion.Task;
    }

    /// <summary>
    /// c(x) on the first <paramref name="testLimit"/> test images (0 = all), with their labels, the models' checksums and
    /// the images', computed on the executor's thread (the models are shared with the searches).
    /// </summary>
    public Task<TestPredictions> Predict(ModelSpec classifier, ModelSpec vae, int testLimit)
    {
        var completion = new TaskCompletionSource<TestPredictions>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(null, null, () =>
        {
            try
            {
                var c = _library.Get(classifier);
                var v = _library.Get(vae);
                var test = _library.Test(classifier, testLimit);
                var predictions = _compute.Predict(c, v, Images(classifier, testLimit));
                int classes = ((ImageClassifier)c.Module).ClassCount;
                if (test.Labels.FirstOrDefault(l => l < 0 || l >= classes, -1) is var bad and >= 0)
                {
                    throw new Core.Data.DatasetException($"Dataset '{classifier.Dataset}' has label {bad}; the classifier has {classes} classes.");
                }

                completion.SetResult(new TestPredictions(predictions, test.Labels, c.WeightsSha256, v.WeightsSha256, classes, test.Sha256));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }));
        return completion.Task;
    }

    private void Enqueue(Pending pending)
    {
        Interlocked.Increment(ref _waiting);
        _queue.Add(pending);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        foreach (var p in _queue.Concat(_deferred))
        {
            p.Completion?.TrySetCanceled();
        }

        _stopping.Dispose();
    }

    private void Loop()
    {
        if (_options.Threads > 0)
        {
            ComputeDevice.ConfigureThreads(_options.Threads);
        }

        while (!_stopping.IsCancellationRequested)
        {
            List<Pending> batch;
            try
            {
                batch = NextBatch();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return; // CompleteAdding: the silo is stopping.
            }

            Interlocked.Add(ref _waiting, -batch.Count);
            long started = Stopwatch.GetTimestamp();
            Run(batch);
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>The next request, merged with compatible queued ones when it is mergeable.</summary>
    private List<Pending> NextBatch()
    {
        Pending first;
        if (_deferred.Count > 0)
        {
            first = _deferred[0];
            _deferred.RemoveAt(0);
        }
        else
        {
            first = _queue.Take(_stopping.Token);
        }

        var batch = new List<Pending> { first };
        if (first.Request is not { Mergeable: true })
        {
            return batch;
        }

        int size = first.Request.Items.Count;
        string key = first.Request.MergeKey;
        for (int i = 0; i < _deferred.Count && size < _options.MaxBatch;)
        {
            if (Fits(_deferred[i]))
            {
                batch.Add(_deferred[i]);
                size += _deferred[i].Request!.Items.Count;
                _deferred.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxWait.TotalSeconds * Stopwatch.Frequency);
        while (size < _options.MaxBatch)
        {
            int leftMs = (int)Math.Ceiling(Math.Max(0, deadline - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency);
            if (!_queue.TryTake(out var next, leftMs, _stopping.Token))
            {
                break;
            }

            if (Fits(next))
            {
                batch.Add(next);
                size += next.Request!.Items.Count;
            }
            else
            {
                _deferred.Add(next);
            }
        }

        return batch;

        bool Fits(Pending p) => p.Request is { Mergeable: true } r && r.MergeKey == key && size + r.Items.Count <= _options.MaxBatch;
    }

    private void Run(List<Pending> batch)
    {
        if (batch[0].Job is { } job)
        {
            job();
            return;
        }

        var request = batch[0].Request!;
        try
        {
            var classifier = _library.Get(request.Classifier);
            var vae = _library.Get(request.Vae);
            var images = Images(request.Classifier, request.TestLimit);
            var test = _library.Test(request.Classifier, request.TestLimit);

            // Ids stay the callers': the engine seeds each search's restart directions from its id.
            var items = batch.SelectMany(p => p.Request!.Items).ToList();
            int d = request.Vae.LatentSize;
            foreach (var group in items.GroupBy(item => item.Mode))
            {
                _instruments.SearchesStarted(group.Key.ToString().ToLowerInvariant(), d, group.Count());
            }

            _instruments.BatchRan(items.Count);
            long started = Stopwatch.GetTimestamp();
            var results = _compute.Run(classifier, vae, images, items, request.Options, _stopping.Token);
            foreach (var r in results)
            {
                _instruments.SearchFinished(r.Mode.ToString().ToLowerInvariant(), d, r.Success, r.TotalSteps, r.EpsNorm);
            }

            LogBatch(_logger, items.Count, batch.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, results.Count(r => r.Success));
            int offset = 0;
            foreach (var p in batch)
            {
                var own = results.Skip(offset).Take(p.Request!.Items.Count).ToList();
                offset += p.Request.Items.Count;
                p.Completion!.TrySetResult(new SearchResponse(own, classifier, vae, test, _library.Device.ToString(), items.Count));
            }
        }
        catch (Exception e)
        {
            LogFailed(_logger, e, batch.Count);
            foreach (var p in batch)
            {
                p.Completion!.TrySetException(e);
            }
        }
    }

    private Tensor Images(ModelSpec classifier, int testLimit)
    {
        string key = ModelLibrary.ImagesKey(classifier, testLimit);
        if (!_images.TryGetValue(key, out var images))
        {
            images = _library.Test(classifier, testLimit).ToTensor();
            _images[key] = images;
        }

        return images;
    }

    /// <summary>A queued search request, or a job that must run on the executor's thread.</summary>
    private sealed record Pending(SearchRequest? Request, TaskCompletionSource<SearchResponse>? Completion, Action? Job);
}
