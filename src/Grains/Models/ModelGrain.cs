using Microsoft.Extensions.Logging;
using Orleans.Lse.Core.Progress;
using Orleans.Lse.Grains.Compute;
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
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private Task? _training;
    private double _progress;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State is { Phase: ModelPhase.Training, Spec: { } spec })
        {
            _training = TrainAsync(spec);
        }

        return Task.CompletedTask;
    }

    public async Task<ModelStatus> Train(ModelSpec spec)
    {
        ModelLibrary.Validate(spec);
        string key = this.GetPrimaryKeyString();
        if (spec.Key != key)
        {
            throw new ArgumentException($"Model spec key '{spec.Key}' does not match grain key '{key}'.", nameof(spec));
        }

        if (state.State.Phase == ModelPhase.Ready || _training is { IsCompleted: false })
        {
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
        try
        {
            var sink = new FractionSink(fraction => Volatile.Write(ref _progress, fraction));
            var model = await Task.Run(() => library.Get(spec, sink));
            state.State.Phase = ModelPhase.Ready;
            state.State.Metrics = new Dictionary<string, double>(model.Metadata.Metrics);
            state.State.CheckpointPath = model.CheckpointPath;
            state.State.WeightsSha256 = model.Metadata.WeightsSha256;
            LogReady(logger, spec.Key, model.Metadata.WeightsSha256);
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
