using Microsoft.Extensions.Logging;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Diagnostics;
using Orleans.Lse.Grains.Placement;
using Orleans.Lse.Grains.Storage;

namespace Orleans.Lse.Grains.Models;

/// <summary>
/// One trained model. Training runs on the thread pool (never on the grain scheduler); calls return at once with the
/// current status. A silo that dies mid-training leaves the phase at Training: the next activation trains again (the
/// same spec and seed give the same weights on CPU).
/// </summary>
[ComputePlacement]
public sealed partial class ModelGrain(
    [PersistentState("model", LseStorage.ProviderName)] IPersistentState<ModelGrainState> state,
    ModelLibrary library,
    TimeProvider time,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private Task? _training;
    private CancellationTokenSource? _cancel;
    private double _progress;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Phase: ModelPhase.Training, Spec: { } spec })
        {
            _training = TrainAsync(spec);
        }

        return Task.CompletedTask;
    }

    public Task<ModelStatus> Train(ModelSpec spec) => Start(spec, retryFailed: false, requester: "");

    public Task<ModelStatus> TrainFor(ModelSpec spec, string campaignId) => Start(spec, retryFailed: false, requester: campaignId ?? "");

    // Resume asks for a retry; the campaign then asks again with TrainFor, which records it as a requester.
    public Task<ModelStatus> Retry(ModelSpec spec) => Start(spec, retryFailed: true, requester: null);

    public async Task<ModelStatus> Release(string campaignId)
    {
        if (!state.State.Requesters.Remove(campaignId ?? ""))
        {
            return Status();
        }

        if (state.State.Phase == ModelPhase.Training && state.State.Requesters.Count == 0 && _cancel is { } cancel)
        {
            // Stored here, in one write, so that a restart does not resume a training nobody needs; TrainAsync stops
            // within a batch and writes nothing more.
            LogCancelling(logger, this.GetPrimaryKeyString(), campaignId ?? "");
            await cancel.CancelAsync();
            state.State.Phase = ModelPhase.NotStarted;
            state.State.Error = "Training cancelled: no campaign needs this model any more.";
            Volatile.Write(ref _progress, 0);
        }

        await state.WriteStateAsync();
        return Status();
    }

    private async Task<ModelStatus> Start(ModelSpec spec, bool retryFailed, string? requester)
    {
        ModelLibrary.Validate(spec);
        string key = this.GetPrimaryKeyString();
        if (spec.Key != key)
        {
            throw new ArgumentException($"Model spec key '{spec.Key}' does not match grain key '{key}'.", nameof(spec));
        }

        // A failure was either retried already (transient errors, inside TrainAsync) or will fail again: asking again
        // does not train again, so whoever waits on this model sees the failure and its reason.
        bool newRequester = requester is not null && state.State.Phase != ModelPhase.Ready && state.State.Requesters.Add(requester);
        if (state.State.Phase == ModelPhase.Ready || _training is { IsCompleted: false } || (state.State.Phase == ModelPhase.Failed && !retryFailed))
        {
            if (newRequester)
            {
                await state.WriteStateAsync();
            }

            return Status();
        }

        state.State.Spec = spec;
        state.State.Phase = ModelPhase.Training;
        state.State.Error = null;
        await state.WriteStateAsync();
        _training = TrainAsync(spec);
        return Status();
    }

    public Task<ModelStatus> GetStatus() => state.State.Spec is null
        ? throw new KeyNotFoundException($"Unknown model id '{this.GetPrimaryKeyString()}': ask for it with Train(spec) first.")
        : Task.FromResult(Status());

    private async Task TrainAsync(ModelSpec spec)
    {
        LogTraining(logger, spec.Key);
        _cancel?.Dispose();
        _cancel = new CancellationTokenSource();
        var cancellation = _cancel.Token;
        try
        {
            var sink = new FractionSink(fraction => Volatile.Write(ref _progress, fraction));
            // A thread of its own: a model waits on others' trainings (a slot, the same checkpoint) for as long as they
            // take, and the thread pool adds no threads while a training keeps every core busy, so waiting on pool
            // threads would starve the silo (its timers, its messages).
            var model = await Transient.Retry(() => Task.Factory.StartNew(() => library.Get(spec, sink, cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default), time, (e, attempt, delay) => LogRetrying(logger, e, spec.Key, attempt, delay), cancellation);
            state.State.Phase = ModelPhase.Ready;
            state.State.Requesters.Clear();
            state.State.Metrics = new Dictionary<string, double>(model.Metrics);
            state.State.CheckpointPath = model.CheckpointPath;
            state.State.WeightsSha256 = model.WeightsSha256;
            LogReady(logger, spec.Key, model.WeightsSha256);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Release stored the outcome already.
            LogCancelled(logger, spec.Key);
            return;
        }
        catch (Exception e)
        {
            LogFailed(logger, e, spec.Key);
            state.State.Phase = ModelPhase.Failed;
            state.State.Error = e.Message;
        }

        await state.WriteStateAsync();
    }

    private ModelStatus Status() => new()
    {
        Id = this.GetPrimaryKeyString(),
        Phase = state.State.Phase,
        Spec = state.State.Spec,
        Progress = state.State.Phase == ModelPhase.Ready ? 1 : Volatile.Read(ref _progress),
        Metrics = state.State.Metrics,
        CheckpointPath = state.State.CheckpointPath,
        WeightsSha256 = state.State.WeightsSha256,
        Error = state.State.Error,
    };

    /// <summary>Training progress as a fraction of the current phase.</summary>
    private sealed class FractionSink(Action<double> report) : IProgressSink
    {
        public void Report(ProgressUpdate update)
        {
            if (update.Total > 0)
            {
                report(Math.Clamp(update.Done / (double)update.Total, 0, 1));
            }
        }
    }
}
