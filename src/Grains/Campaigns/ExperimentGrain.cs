using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Diagnostics;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Searches;
using Orleans.Lse.Grains.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// One campaign. A grain timer drives it while it runs: make sure the models exist (model grains), plan the searches
/// (the paper's image selection), then keep a few blocks running on batch grains and count their results. Results are
/// counted by ordinal in the persisted state, so a block reported twice counts once, and the count and the results are
/// one write. After a crash the reminder or the silo's start-up recovery reactivates the grain, which continues from
/// the stored state: finished blocks are not run again.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", LseStorage.ProviderName)] IPersistentState<ExperimentState> state,
    [PersistentState("blockRuns", LseStorage.ProviderName)] IPersistentState<BlockRunsState> runs,
    [PersistentState("plan", LseStorage.ProviderName)] IPersistentState<PlanState> plan,
    IOptions<LseClusterOptions> cluster,
    IOptions<CampaignOptions> campaignOptions,
    DatasetPaths datasets,
    ModelLibrary library,
    LseInstruments instruments,
    TimeProvider time,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    private const string KeepAliveReminder = "campaign-keepalive";

    // Fields added later are null when unset and left out, so a spec stored before them compares equal on resubmission.
    private static readonly JsonSerializerOptions s_specJson = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly CampaignOptions _options = campaignOptions.Value;
    private readonly Dictionary<string, InFlight> _inFlight = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _cursor = [];
    private IGrainTimer? _timer;
    private Task<List<SliceState>>? _planning;
    private string _activity = "";
    private ProgressWatch? _watch;
    private DateTimeOffset _lastTick;
    private DateTimeOffset _lastWrite;
    private bool _dirty;
    private List<SliceBook>? _books;
    private Dictionary<(CampaignMode Mode, int LatentSize, string? Trait, int Image, int Target), int>? _locations;

    private ExperimentState S => state.State;

    /// <summary>The planned slices with their counted results (empty until planned).</summary>
    private List<SliceBook> Books => _books ??= !S.BlockStorage
        ? [.. S.Slices.Select(slice => (SliceBook)new LegacySliceBook(slice))]
        : S.Planned && plan.State.Slices.Count == S.Progress.Count
            ? [.. plan.State.Slices.Select((slice, i) => (SliceBook)new BlockSliceBook(slice, S.Progress[i]))]
            : [];

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await WriteState();
        }

        await LeaveRuns();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Phase == CampaignPhase.Running)
        {
            EnsureTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<CampaignStatus> Submit(CampaignSpec spec)
    {
        // The id names the campaign's directory under the data directory.
        CampaignIds.ValidateId(Id);
        CampaignSpecValidator.Validate(spec);
        try
        {
            if (spec.IsCeleba)
            {
                // Off the grain's turn (CelebA's folder holds 202,599 images, each checked for links; its annotations are
                // read with every line checked): the traits are looked up among the attributes.
                await Task.Run(() =>
                {
                    var annotations = Core.Data.Celeba.CelebaAnnotations.Read(datasets.Resolve(spec.Dataset));
                    foreach (string trait in CampaignModels.Traits(spec).OfType<string>())
                    {
                        annotations.AttributeIndex(trait);
                    }
                });
            }
            else
            {
                datasets.Resolve(spec.Dataset);
            }
        }
        catch (Core.Data.DatasetException e)
        {
            throw new ArgumentException($"Campaign spec field '{(e.Message.StartsWith("CelebA has no attribute", StringComparison.Ordinal) ? "traits" : "dataset")}': {e.Message}", nameof(spec));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"Campaign spec field 'dataset': {e.Message}", nameof(spec));
        }

        string json = JsonSerializer.Serialize(spec, s_specJson);
        if (S.Spec is not null)
        {
            if (S.SpecJson != json)
            {
                throw new ArgumentException($"Campaign '{Id}' already exists with a different spec; submit with another idempotency key.", nameof(spec));
            }

            return Status();
        }

        var training = CampaignTraining.Resolve(spec, spec.Model is null ? null : UserModelFingerprint(spec));
        state.State = new ExperimentState
        {
            Spec = spec,
            SpecJson = json,
            Phase = CampaignPhase.Running,
            CreatedUtc = time.GetUtcNow(),
            ClassifierTraining = training.Classifier,
            VaeTraining = training.Vae,
            UserModelFingerprint = training.UserModelFingerprint,
            BlockStorage = true,
        };
        await WriteState();
        LogSubmitted(logger, Id, spec.Name);
        await KeepAlive();
        EnsureTimer();
        return Status();
    }

    /// <summary>
    /// The registration of the spec's user model, resolved once here and stored with the campaign: it must be registered
    /// on this silo (the registry is shared like the model directory), take the spec's one latent size, and leave a block
    /// within the memory a block may use at its image shape.
    /// </summary>
    private string UserModelFingerprint(CampaignSpec spec)
    {
        Core.UserModels.RegisteredModel model;
        try
        {
            model = library.UserModels.Get(spec.Model!);
        }
        catch (Core.UserModels.UserModelException e)
        {
            throw new ArgumentException($"Campaign spec field 'model': {e.Message}", nameof(spec));
        }

        var manifest = model.Manifest!;
        if (spec.LatentSizes is not [var d] || d != manifest.LatentSize)
        {
            throw new ArgumentException($"Campaign spec field 'latentSizes': model '{spec.Model}' has latent size {manifest.LatentSize}: give [{manifest.LatentSize}] (got [{string.Join(", ", spec.LatentSizes)}]).", nameof(spec));
        }

        CampaignSpecValidator.Validate(spec, manifest.ImageShape);
        return model.Fingerprint;
    }

    public Task<CampaignStatus> GetStatus() => Task.FromResult(Status());

    public async Task<ModelStatus[]> GetModels()
    {
        if (S.Spec is not { } spec)
        {
            return [];
        }

        var specs = CampaignModels.All(spec, S.Training);
        return await Task.WhenAll(specs.Select(async s =>
        {
            try
            {
                return await GrainFactory.GetGrain<IModelGrain>(s.Key).GetStatus();
            }
            catch (KeyNotFoundException)
            {
                // Not asked for yet (the campaign has not reached training, or failed before it).
                return new ModelStatus { Id = s.Key, Phase = ModelPhase.NotStarted, Spec = s };
            }
        }));
    }

    public async Task<CampaignStatus> Pause()
    {
        RequireSpec();
        if (S.Phase == CampaignPhase.Running)
        {
            S.Phase = CampaignPhase.Paused;
            await WriteState();
        }
        else if (S.Phase != CampaignPhase.Paused)
        {
            throw new CampaignPhaseException($"Campaign '{Id}' is {S.Phase}; only a running campaign can be paused.");
        }

        return Status();
    }

    public async Task<CampaignStatus> Resume()
    {
        RequireSpec();
        if (S.Phase == CampaignPhase.Paused)
        {
            S.Phase = CampaignPhase.Running;
            await WriteState();
            await KeepAlive();
            EnsureTimer();
        }
        else if (S.Phase == CampaignPhase.Failed)
        {
            // Only what failed runs again: counted results stay counted, and a block's searches already stored in their
            // grains are read back, not rerun. Failed models train again.
            if (S.ModelChecksums.Count == 0)
            {
                await Task.WhenAll(CampaignModels.All(S.Spec!, S.Training).Select(m => GrainFactory.GetGrain<IModelGrain>(m.Key).Retry(m)));
            }

            S.Phase = CampaignPhase.Running;
            S.Error = null;
            S.FinishedUtc = null;
            _planning = null;
            await ReleaseQuarantine();
            await WriteState();
            LogResumedAfterFailure(logger, Id, Books.Sum(x => x.Done), Books.Sum(x => x.Total));
            await GrainFactory.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).MarkResumed(Id);
            await KeepAlive();
            EnsureTimer();
        }
        else if (S.Phase != CampaignPhase.Running)
        {
            throw new CampaignPhaseException($"Campaign '{Id}' is {S.Phase}; only a paused or failed campaign can be resumed.");
        }

        return Status();
    }

    public async Task<CampaignStatus> Cancel()
    {
        RequireSpec();
        if (S.Phase is CampaignPhase.Completed or CampaignPhase.Failed)
        {
            throw new CampaignPhaseException($"Campaign '{Id}' has already ended ({S.Phase}).");
        }

        if (S.Phase != CampaignPhase.Cancelled)
        {
            S.Phase = CampaignPhase.Cancelled;
            S.FinishedUtc = time.GetUtcNow();
            await WriteState();
            await End();
        }

        return Status();
    }

    public async Task<FinishedSearch[]> GetResults()
    {
        RequireSpec();
        if (!S.BlockStorage)
        {
            return [.. S.Slices.SelectMany(s => s.Results.OfType<FinishedSearch>())];
        }

        var results = new List<FinishedSearch>();
        for (int i = 0; i < Books.Count; i++)
        {
            results.AddRange(await ReadSlice(i));
        }

        return [.. results];
    }

    public async Task<CampaignReportSource> GetReportSource()
    {
        var outline = await GetReportOutline();
        var records = new List<SearchRecord>();
        for (int i = 0; i < Books.Count; i++)
        {
            records.AddRange(await ReadSliceRecords(i));
        }

        return outline with { Records = [.. records] };
    }

    public async Task<SearchRecord[]> GetSliceRecords(int slice)
    {
        await GetReportOutline();
        if (slice < 0 || slice >= Books.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(slice), slice, $"Campaign {Id} has {Books.Count} slices.");
        }

        return [.. await ReadSliceRecords(slice)];
    }

    public Task<CampaignReportSource> GetReportOutline()
    {
        RequireSpec();
        if (!S.BlockStorage)
        {
            throw new InvalidOperationException($"Campaign {Id} stores each search in its own grain (it was submitted before blocks were); reports need a campaign stored in blocks.");
        }

        return Task.FromResult(new CampaignReportSource
        {
            Spec = S.Spec!,
            ClassifierTraining = S.Training.Classifier,
            VaeTraining = S.Training.Vae,
            UserModelFingerprint = S.UserModelFingerprint,
            ModelChecksums = new(S.ModelChecksums),
            Slices = [.. Books.Select(b => new CampaignReportSlice(b.Mode, b.LatentSize, b.Plan.SearchOptions, b.Plan.Classes, b.Plan.DataSha256, b.Trait))],
            Phase = S.Phase,
        });
    }

    /// <summary>A slice's counted results, read from its stored blocks in ordinal order: the campaign's state holds only their sums.</summary>
    private async Task<List<FinishedSearch>> ReadSlice(int slice) => [.. (await ReadSliceRecords(slice)).Select(r => r.ToSummary())];

    /// <summary>A slice's stored records of its finished blocks, in ordinal order.</summary>
    private async Task<List<SearchRecord>> ReadSliceRecords(int slice)
    {
        var book = Books[slice];
        int blocks = (book.Total + S.Spec!.BlockSize - 1) / S.Spec.BlockSize;
        var results = new List<SearchRecord>();
        foreach (var wave in Enumerable.Range(0, blocks).Where(b => book.IsBlockDone(b, 0, 0)).Chunk(16))
        {
            var keys = wave.Select(b => BatchWork.BatchKey(Id, book.Mode, book.LatentSize, b, book.Trait)).ToArray();
            var stored = await Task.WhenAll(keys.Select(k => GrainFactory.GetGrain<IBlockResultsGrain>(k).Get()));
            for (int i = 0; i < stored.Length; i++)
            {
                results.AddRange(stored[i] ?? throw new InvalidOperationException($"Block {keys[i]} is counted, but its results are not stored."));
            }
        }

        return results;
    }

    public Task<BlockSlot?> Locate(SearchKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (S.Spec is not { } spec || !S.BlockStorage || !S.Planned || key.CampaignId != Id)
        {
            return Task.FromResult<BlockSlot?>(null);
        }

        var book = Books.FirstOrDefault(b => b.Mode == key.Mode && b.LatentSize == key.LatentSize && b.Trait == key.Trait);
        int ordinal = book is null ? -1
            : book.Plan.Images is not null ? book.Plan.Searches.IndexOf(key.Image, key.Target)
            // Slices planned with every search listed: looked up once into a dictionary, not scanned per call.
            : (_locations ??= Books.Where(b => b.Plan.Images is null)
                .SelectMany(b => b.Plan.Items.Select(item => (b, item)))
                .ToDictionary(x => (x.b.Mode, x.b.LatentSize, x.b.Trait, x.item.Image, x.item.Target), x => x.item.Ordinal))
                .GetValueOrDefault((key.Mode, key.LatentSize, key.Trait, key.Image, key.Target), -1);
        return Task.FromResult(ordinal >= 0
            ? new BlockSlot(BatchWork.BatchKey(Id, key.Mode, key.LatentSize, ordinal / spec.BlockSize, key.Trait), ordinal % spec.BlockSize)
            : null);
    }

    public Task Recover()
    {
        if (S.Phase == CampaignPhase.Running)
        {
            EnsureTimer();
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Phase == CampaignPhase.Running)
        {
            EnsureTimer();
            return Task.CompletedTask;
        }

        return StopKeepAlive();
    }

    private void RequireSpec()
    {
        if (S.Spec is null)
        {
            throw new KeyNotFoundException($"Unknown campaign id '{CampaignIds.Shown(Id)}'.");
        }
    }

    private void EnsureTimer()
    {
        _lastTick = time.GetUtcNow();
        _timer ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions(TimeSpan.Zero, _options.PollInterval) { KeepAlive = true });
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        if (S.Phase != CampaignPhase.Running && _inFlight.Count == 0)
        {
            _timer?.Dispose();
            _timer = null;
            return;
        }

        try
        {
            if (!await ModelsReady() || !await Planned())
            {
                Watch.Observe(_activity);
                return;
            }

            var now = time.GetUtcNow();
            foreach (int slice in _inFlight.Values.Select(f => f.Slice).Distinct())
            {
                Books[slice].SecondsRunning += (now - _lastTick).TotalSeconds;
            }

            _lastTick = now;
            _dirty |= await CollectBlocks();
            if (S.Phase == CampaignPhase.Running)
            {
                await StartBlocks();
            }

            if (_dirty && now - _lastWrite >= _options.ResultWriteInterval)
            {
                await WriteState();
            }

            int done = Books.Sum(s => s.Done);
            instruments.CampaignProgress(Id, done, Books.Sum(s => s.Total));
            Watch.Observe($"{_activity}|{done}");
            if (_runsDirty)
            {
                await WriteRuns();
            }

            bool left = Books.Any(s => s.Done < s.Total);
            if (S.Phase == CampaignPhase.Running && _inFlight.Count == 0 && left && Runs.Values.Any(r => r.Quarantined))
            {
                // Nothing runs and searches are left: only quarantined blocks hold them (StartBlocks starts every other).
                await Fail(QuarantineReport());
            }
            else if (S.Phase == CampaignPhase.Running && _inFlight.Count == 0 && !left)
            {
                if (S.BlockStorage)
                {
                    // Exact, in plan order, from the stored blocks: the same numbers whatever order the blocks ran in. One
                    // slice in memory at a time, summed off the grain's turn so that status calls are answered meanwhile.
                    var final = new List<AggregateRow>();
                    for (int i = 0; i < Books.Count; i++)
                    {
                        var (book, slice, search) = (Books[i], await ReadSlice(i), S.Spec!.Search);
                        final.Add(await Task.Run(() => CampaignAggregates.Of(book.Mode, book.LatentSize, [.. slice.OrderBy(r => r.Ordinal)], search) with { Trait = book.Trait }));
                    }

                    S.FinalAggregates = [.. final];
                }

                S.Phase = CampaignPhase.Completed;
                S.FinishedUtc = time.GetUtcNow();
                _activity = "";
                await WriteState();
                LogCompleted(logger, Id, Books.Sum(s => s.Total));
                await End();
            }
        }
        catch (Exception e) when (e is not InconsistentStateException)
        {
            // Transient (a silo went away mid-call, storage hiccup): the next tick tries again from the stored state.
            LogTickFailed(logger, e, Id);
        }
    }

    /// <summary>Writes the state; every write also carries the results counted since the last one.</summary>
    private async Task WriteState()
    {
        await state.WriteStateAsync();
        _dirty = false;
        _lastWrite = time.GetUtcNow();
    }

    private async Task<bool> ModelsReady()
    {
        var specs = CampaignModels.All(S.Spec!, S.Training);
        if (S.ModelChecksums.Count == specs.Count)
        {
            return true;
        }

        var statuses = await Task.WhenAll(specs.Select(s => GrainFactory.GetGrain<IModelGrain>(s.Key).TrainFor(s, Id)));
        if (statuses.FirstOrDefault(s => s.Phase == ModelPhase.Failed) is { } failed)
        {
            await Fail($"Model {failed.Id} failed: {failed.Error}");
            return false;
        }

        if (statuses.All(s => s.Phase == ModelPhase.Ready))
        {
            foreach (var s in statuses)
            {
                S.ModelChecksums[s.Id] = s.WeightsSha256!;
            }

            await WriteState();
            return true;
        }

        _activity = "training models: " + string.Join(", ", statuses.Where(s => s.Phase != ModelPhase.Ready).Select(s => $"{s.Id} {s.Progress:P0}"));
        return false;
    }

    private async Task<bool> Planned()
    {
        if (S.Planned)
        {
            return true;
        }

        _activity = "choosing images";
        _planning ??= CampaignPlanner.Plan(S.Spec!, S.Training, S.ModelChecksums, (classifier, vae, testLimit) =>
            GrainFactory.GetGrain<IPredictionGrain>($"{Id}/{vae.Key}").Predict(classifier, vae, testLimit), compact: S.BlockStorage);
        if (!_planning.IsCompleted)
        {
            return false;
        }

        List<SliceState> slices;
        try
        {
            slices = await _planning;
        }
        catch (Exception e)
        {
            _planning = null;
            await Fail($"Planning failed: {e.Message}");
            return false;
        }

        // A storage failure here is the tick's to retry: the plan is kept and written again.
        if (S.BlockStorage)
        {
            plan.State.Slices = slices;
            await plan.WriteStateAsync();
            S.Progress = [.. slices.Select(_ => new SliceProgress())];
        }
        else
        {
            S.Slices = slices;
        }

        _books = null;

        S.Planned = true;
        await WriteState();
        LogPlanned(logger, Id, Books.Sum(s => s.Total), Books.Count);
        return true;
    }

    private async Task Fail(string error)
    {
        LogFailed(logger, Id, error);
        S.Phase = CampaignPhase.Failed;
        S.Error = error;
        S.FinishedUtc = time.GetUtcNow();
        await WriteState();
        await End();
    }

    private async Task End()
    {
        await LeaveRuns();
        _inFlight.Clear();
        _timer?.Dispose();
        _timer = null;
        instruments.CampaignEnded(Id);
        await StopKeepAlive();
        await GrainFactory.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).MarkEnded(Id);
        await ReleaseModels();
    }

    private async Task KeepAlive()
    {
        try
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, _options.KeepAlivePeriod, _options.KeepAlivePeriod);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without a reminder service the silo's start-up recovery still resumes the campaign.
            LogNoReminder(logger, e, Id);
        }
    }

    private async Task StopKeepAlive()
    {
        try
        {
            if (await this.GetReminder(KeepAliveReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoReminder(logger, e, Id);
        }
    }

    private ProgressWatch Watch => _watch ??= new ProgressWatch(time);

    /// <summary>What a stalled campaign waits on: its running blocks and where they run, or its current activity.</summary>
    private string WaitingOn() => _inFlight.Count > 0
        ? "waiting on blocks " + string.Join(", ", _inFlight.Select(f => $"{f.Key} ({f.Value.RanOn ?? "not started"}, attempt {f.Value.Attempts + 1})"))
        : $"waiting on: {_activity}";

    private CampaignStatus Status()
    {
        if (S.Spec is null)
        {
            throw new KeyNotFoundException($"Unknown campaign id '{CampaignIds.Shown(Id)}'.");
        }

        var stalled = S.Phase == CampaignPhase.Running ? Watch.StalledFor(_options.StallAfter) : null;
        return new CampaignStatus
        {
            Id = Id,
            Phase = S.Phase,
            Spec = S.Spec,
            Activity = S.Phase != CampaignPhase.Running ? "" : (stalled is { } idle ? $"stalled for {Math.Floor(idle.TotalMinutes)} min, {WaitingOn()}" : _activity) + QuarantineNote(),
            LastProgressUtc = S.Phase == CampaignPhase.Running ? Watch.LastAdvanceUtc : null,
            Stalled = stalled is not null,
            Progress = [.. Books.Select(s => new ProgressRow(s.Mode, s.LatentSize, s.Total, s.Done, s.Successes, s.SecondsRunning, s.Trait))],
            Aggregates = S.FinalAggregates ?? [.. Books.Select(s => s.Aggregate(S.Spec.Search) with { Trait = s.Trait })],
            Error = S.Error,
            CreatedUtc = S.CreatedUtc,
            FinishedUtc = S.FinishedUtc,
            ModelChecksums = new Dictionary<string, string>(S.ModelChecksums),
            OutputDirectory = OutputDirectory,
        };
    }
}
