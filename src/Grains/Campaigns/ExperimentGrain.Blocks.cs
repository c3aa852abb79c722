using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The experiment grain's block bookkeeping: start blocks, poll them, count their results once, and keep a block that
/// kills its silo from crash-looping it (a run marker stored before each start; see <see cref="BlockRunsState"/>).
/// </summary>
public sealed partial class ExperimentGrain
{
    private bool _runsDirty;

    private Dictionary<string, BlockRun> Runs => runs.State.Runs;

    public async Task BlockFinished(string blockKey)
    {
        // Only a block this activation runs: a late notice from a block of an earlier run, or of a campaign that ended, is
        // the poll's business.
        if (_timer is not null && _inFlight.ContainsKey(blockKey))
        {
            await Tick(CancellationToken.None);
        }
    }

    private async Task<bool> CollectBlocks()
    {
        bool changed = false;
        foreach (var (key, started) in _inFlight.ToList())
        {
            var flight = started;
            var grain = GrainFactory.GetGrain<ISearchBatchGrain>(key);
            var status = await grain.Poll();
            if (status.RanOn is { } ranOn && ranOn != flight.RanOn)
            {
                _inFlight[key] = flight = flight with { RanOn = ranOn };
            }

            switch (status.Phase)
            {
                case BatchPhase.Done:
                    if (Books[flight.Slice].Count(flight.Work.Block, status.Results))
                    {
                        // Marked at once: a later failure in this tick must not leave counted results unwritten.
                        changed = _dirty = true;
                    }

                    _inFlight.Remove(key);
                    RunEnded(key, forget: true);
                    await grain.Release();
                    break;
                case BatchPhase.Idle:
                    // A new activation: the silo that ran the block died, and the run with it. StartBlocks decides
                    // whether it runs again (alone) or is quarantined.
                    _inFlight.Remove(key);
                    if (Runs.GetValueOrDefault(key) is { Running: true })
                    {
                        Crashed(key, flight.RanOn);
                    }

                    break;
                case BatchPhase.Failed when !status.Transient || flight.Attempts + 1 >= _options.MaxBlockAttempts:
                    // Deterministic failures fail at once; the campaign can be resumed once the cause is fixed.
                    _inFlight.Remove(key);
                    RunEnded(key, forget: false);
                    await grain.Release();
                    await Fail(status.Transient
                        ? $"Block {key} failed {flight.Attempts + 1} times: {status.Error}"
                        : $"Block {key} failed: {status.Error}");
                    return changed;
                case BatchPhase.Failed when time.GetUtcNow() >= flight.RetryAtUtc:
                    // Counted as an attempt even if the start fails.
                    _inFlight[key] = flight = flight with { Attempts = flight.Attempts + 1, RetryAtUtc = DateTimeOffset.MaxValue };
                    await StartRuns([(grain, flight.Work, flight)]);
                    break;
                case BatchPhase.Failed when flight.RetryAtUtc == DateTimeOffset.MaxValue:
                    // Transient: back off (exponential, full jitter) before the next attempt.
                    RunEnded(key, forget: false);
                    var delay = Diagnostics.Transient.Backoff(flight.Attempts + 1);
                    _inFlight[key] = flight with { RetryAtUtc = time.GetUtcNow() + delay };
                    LogBlockRetry(logger, Id, key, flight.Attempts + 1, delay, status.Error);
                    break;
            }
        }

        return changed;
    }

    private async Task StartBlocks()
    {
        // A block that crashed before runs alone, so that another crash charges it and not its neighbours.
        if (_inFlight.Values.Any(f => f.Suspect))
        {
            return;
        }

        var spec = S.Spec!;
        var starts = new List<(ISearchBatchGrain Grain, BatchWork Work, InFlight Flight)>();
        int Running() => _inFlight.Count + starts.Count;
        for (int s = 0; s < Books.Count && Running() < _options.MaxBlocksInFlight; s++)
        {
            var book = Books[s];
            var slice = book.Plan;
            int blocks = (book.Total + spec.BlockSize - 1) / spec.BlockSize;
            for (int b = _cursor.GetValueOrDefault(s); b < blocks && Running() < _options.MaxBlocksInFlight; b++)
            {
                int from = b * spec.BlockSize, to = Math.Min(book.Total, from + spec.BlockSize);
                string key = BatchWork.BatchKey(Id, slice.Mode, slice.LatentSize, b, slice.Trait);
                if (book.IsBlockDone(b, from, to))
                {
                    if (b == _cursor.GetValueOrDefault(s))
                    {
                        _cursor[s] = b + 1;
                    }

                    // A marker left behind by a silo that died after counting the block but before clearing it.
                    _runsDirty |= Runs.Remove(key);
                    continue;
                }

                if (_inFlight.ContainsKey(key))
                {
                    continue;
                }

                var work = CampaignModels.Work(Id, spec, S.Training, slice, b, from, to, S.ModelChecksums, ImageDirectory(slice), S.BlockStorage);
                var grain = GrainFactory.GetGrain<ISearchBatchGrain>(key);
                Runs.TryGetValue(key, out var run);
                if (run is { Running: true })
                {
                    // Marked as running, but not by this activation: it still runs on another silo (take it over), or
                    // it died with the silo that ran it.
                    var status = await grain.Poll();
                    if (status.Phase != BatchPhase.Idle)
                    {
                        _inFlight[key] = new InFlight(s, work, 0) { RanOn = status.RanOn, Suspect = run.Crashes > 0 };
                        continue;
                    }

                    run = Crashed(key, ranOn: null);
                }

                if (run is { Quarantined: true })
                {
                    continue;
                }

                bool suspect = run is { Crashes: > 0 };
                if (suspect && Running() > 0)
                {
                    // It waits until it can run alone; nothing after it starts meanwhile.
                    await StartRuns(starts);
                    return;
                }

                starts.Add((grain, work, new InFlight(s, work, 0) { Suspect = suspect }));
                if (suspect)
                {
                    break;
                }
            }

            if (_inFlight.Values.Any(f => f.Suspect) || starts.Any(f => f.Flight.Suspect))
            {
                break;
            }
        }

        await StartRuns(starts);
        _activity = _inFlight.Count > 0 ? $"searching ({_inFlight.Count} blocks running)" : _activity;
    }

    /// <summary>
    /// Stores the blocks' run markers (one write for all), then starts them: a run that kills its silo is known after the
    /// restart.
    /// </summary>
    private async Task StartRuns(List<(ISearchBatchGrain Grain, BatchWork Work, InFlight Flight)> starts)
    {
        if (starts.Count == 0)
        {
            return;
        }

        var previous = starts.Select(s => Runs.GetValueOrDefault(s.Work.GrainKey)).ToList();
        foreach (var (start, before) in starts.Zip(previous))
        {
            Runs[start.Work.GrainKey] = (before ?? new BlockRun()) with { Running = true };
        }

        try
        {
            await WriteRuns();
        }
        catch
        {
            // Not stored, not started: a marker kept in memory would count as a crash on the next tick.
            foreach (var (start, before) in starts.Zip(previous))
            {
                if (before is null)
                {
                    Runs.Remove(start.Work.GrainKey);
                }
                else
                {
                    Runs[start.Work.GrainKey] = before;
                }
            }

            throw;
        }

        for (int i = 0; i < starts.Count; i++)
        {
            var (grain, work, flight) = starts[i];
            try
            {
                await grain.Start(work);
                _inFlight[work.GrainKey] = flight;
            }
            catch
            {
                // Not started: their markers would count as crashes.
                foreach (var (_, notStarted, _) in starts.Skip(i))
                {
                    RunEnded(notStarted.GrainKey, forget: false);
                }

                throw;
            }
        }
    }

    /// <summary>The block's run ended (done, or failed and reported): not a crash. A done block's marker goes.</summary>
    private void RunEnded(string key, bool forget)
    {
        if (Runs.TryGetValue(key, out var run))
        {
            if (forget)
            {
                Runs.Remove(key);
            }
            else
            {
                Runs[key] = run with { Running = false };
            }

            _runsDirty = true;
        }
    }

    /// <summary>The block's last run died with its silo: count it, and quarantine the block at the limit.</summary>
    private BlockRun Crashed(string key, string? ranOn)
    {
        var run = Runs.GetValueOrDefault(key) ?? new BlockRun();
        run = run with { Running = false, Crashes = run.Crashes + 1 };
        if (run.Crashes >= _options.MaxBlockCrashes)
        {
            run = run with { Quarantined = true };
            LogQuarantined(logger, Id, key, run.Crashes);
        }
        else
        {
            LogRunDied(logger, Id, key, ranOn ?? "its silo", run.Crashes, _options.MaxBlockCrashes);
        }

        Runs[key] = run;
        _runsDirty = true;
        return run;
    }

    private async Task WriteRuns()
    {
        await runs.WriteStateAsync();
        _runsDirty = false;
    }

    /// <summary>
    /// This activation is going away (its silo stops, or it is moved): its blocks' runs are not crashes. A block still
    /// running on another silo is taken over by the next activation, whose Start finds it running.
    /// </summary>
    private async Task LeaveRuns()
    {
        foreach (var key in _inFlight.Keys)
        {
            RunEnded(key, forget: false);
        }

        if (_runsDirty)
        {
            try
            {
                await WriteRuns();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Then the next activation counts these runs as crashes: a block may run alone once more than needed.
                LogTickFailed(logger, e, Id);
            }
        }
    }

    /// <summary>Resume: quarantined blocks run again (their cause is taken as fixed); crash counts start anew.</summary>
    private async Task ReleaseQuarantine()
    {
        if (Runs.Values.Any(r => r.Quarantined))
        {
            foreach (var key in Runs.Where(r => r.Value.Quarantined).Select(r => r.Key).ToList())
            {
                Runs.Remove(key);
            }

            await WriteRuns();
        }
    }

    /// <summary>The campaign ended before its models were ready: a model nobody else waits for stops training.</summary>
    private async Task ReleaseModels()
    {
        var specs = CampaignModels.All(S.Spec!, S.Training);
        if (S.ModelChecksums.Count < specs.Count)
        {
            await Task.WhenAll(specs.Select(m => GrainFactory.GetGrain<IModelGrain>(m.Key).Release(Id)));
        }
    }

    private string[] QuarantinedBlocks => [.. Runs.Where(r => r.Value.Quarantined).Select(r => r.Key).Order(StringComparer.Ordinal)];

    private string QuarantineNote() => QuarantinedBlocks is { Length: > 0 } keys
        ? $"; quarantined (killed their silo {_options.MaxBlockCrashes} times): {string.Join(", ", keys)}"
        : "";

    private string QuarantineReport()
    {
        var keys = QuarantinedBlocks;
        int left = Books.Sum(s => s.Total - s.Done);
        return $"{keys.Length} block(s) quarantined after their runs killed the silo {_options.MaxBlockCrashes} times: {string.Join(", ", keys)} "
            + $"({left} searches not run; every other search is counted). Fix the cause (memory, a native crash) and resume to run them again.";
    }

    private string? ImageDirectory(SliceState slice) => S.Spec!.WriteImages
        ? Path.Combine(OutputDirectory, "images", SliceNames.Of(slice.Mode, slice.LatentSize, slice.Trait))
        : null;

    private string OutputDirectory => Path.Combine(cluster.Value.DataDirectory, "campaigns", Id);

    private sealed record InFlight(int Slice, BatchWork Work, int Attempts)
    {
        /// <summary>When a transiently failed block starts again; MaxValue: not failed (or not yet scheduled).</summary>
        public DateTimeOffset RetryAtUtc { get; init; } = DateTimeOffset.MaxValue;

        /// <summary>The silo (and device) the block last reported from.</summary>
        public string? RanOn { get; init; }

        /// <summary>The block crashed its silo before: it runs alone.</summary>
        public bool Suspect { get; init; }
    }
}
