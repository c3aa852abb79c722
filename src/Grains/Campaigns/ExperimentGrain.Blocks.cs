using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>The experiment grain's block bookkeeping: start blocks, poll them, count their results once.</summary>
public sealed partial class ExperimentGrain
{
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
                    changed |= Count(S.Slices[flight.Slice], status.Results);
                    _inFlight.Remove(key);
                    await grain.Release();
                    break;
                case BatchPhase.Idle:
                    // A new activation: the silo that ran the block died. Start it again there or elsewhere.
                    LogRestarted(logger, Id, key);
                    await grain.Start(flight.Work);
                    break;
                case BatchPhase.Failed when !status.Transient || flight.Attempts + 1 >= _options.MaxBlockAttempts:
                    // Deterministic failures fail at once; the campaign can be resumed once the cause is fixed.
                    _inFlight.Remove(key);
                    await grain.Release();
                    await Fail(status.Transient
                        ? $"Block {key} failed {flight.Attempts + 1} times: {status.Error}"
                        : $"Block {key} failed: {status.Error}");
                    return changed;
                case BatchPhase.Failed when time.GetUtcNow() >= flight.RetryAtUtc:
                    _inFlight[key] = flight with { Attempts = flight.Attempts + 1, RetryAtUtc = DateTimeOffset.MaxValue };
                    await grain.Start(flight.Work);
                    break;
                case BatchPhase.Failed when flight.RetryAtUtc == DateTimeOffset.MaxValue:
                    // Transient: back off (exponential, full jitter) before the next attempt.
                    var delay = TimeSpan.FromTicks((long)(Diagnostics.Transient.FirstDelay.Ticks * Math.Pow(2, flight.Attempts) * Random.Shared.NextDouble()));
                    _inFlight[key] = flight with { RetryAtUtc = time.GetUtcNow() + delay };
                    LogBlockRetry(logger, Id, key, flight.Attempts + 1, delay, status.Error);
                    break;
            }
        }

        return changed;
    }

    /// <summary>Counts each result once, by its ordinal. Returns whether anything new was counted.</summary>
    private static bool Count(SliceState slice, FinishedSearch[] results)
    {
        bool changed = false;
        foreach (var r in results)
        {
            if (r.Ordinal < 0 || r.Ordinal >= slice.Items.Length || slice.Items[r.Ordinal].Image != r.Image || slice.Items[r.Ordinal].Target != r.Target)
            {
                throw new InvalidOperationException($"Result for ordinal {r.Ordinal} (image {r.Image}, target {r.Target}) does not match the plan.");
            }

            if (slice.Results[r.Ordinal] is null)
            {
                slice.Results[r.Ordinal] = r;
                changed = true;
            }
        }

        return changed;
    }

    private async Task StartBlocks()
    {
        var spec = S.Spec!;
        for (int s = 0; s < S.Slices.Count && _inFlight.Count < _options.MaxBlocksInFlight; s++)
        {
            var slice = S.Slices[s];
            int blocks = (slice.Items.Length + spec.BlockSize - 1) / spec.BlockSize;
            for (int b = _cursor.GetValueOrDefault(s); b < blocks && _inFlight.Count < _options.MaxBlocksInFlight; b++)
            {
                int from = b * spec.BlockSize, to = Math.Min(slice.Items.Length, from + spec.BlockSize);
                bool done = true;
                for (int i = from; i < to && done; i++)
                {
                    done = slice.Results[i] is not null;
                }

                if (done)
                {
                    if (b == _cursor.GetValueOrDefault(s))
                    {
                        _cursor[s] = b + 1;
                    }

                    continue;
                }

                string key = BatchWork.BatchKey(Id, slice.Mode, slice.LatentSize, b);
                if (_inFlight.ContainsKey(key))
                {
                    continue;
                }

                var work = CampaignModels.Work(Id, spec, S.Training, slice, b, from, to, S.ModelChecksums, ImageDirectory(slice));
                await GrainFactory.GetGrain<ISearchBatchGrain>(key).Start(work);
                _inFlight[key] = new InFlight(s, work, 0);
            }
        }

        _activity = _inFlight.Count > 0 ? $"searching ({_inFlight.Count} blocks running)" : _activity;
    }

    private string? ImageDirectory(SliceState slice) => S.Spec!.WriteImages
        ? Path.Combine(OutputDirectory, "images", $"{slice.Mode.ToString().ToLowerInvariant()}-d{slice.LatentSize}")
        : null;

    private string OutputDirectory => Path.Combine(cluster.Value.DataDirectory, "campaigns", Id);

    private sealed record InFlight(int Slice, BatchWork Work, int Attempts)
    {
        /// <summary>When a transiently failed block starts again; MaxValue: not failed (or not yet scheduled).</summary>
        public DateTimeOffset RetryAtUtc { get; init; } = DateTimeOffset.MaxValue;

        /// <summary>The silo (and device) the block last reported from.</summary>
        public string? RanOn { get; init; }
    }
}
