namespace Orleans.Lse.Grains.Models;

/// <summary>
/// One trained model, keyed by <see cref="ModelSpec.Key"/>. Training runs off the grain scheduler: <see cref="Train"/>
/// starts it and returns at once; poll <see cref="GetStatus"/>. Asking again for a ready spec reuses the checkpoint.
/// </summary>
[Alias("lse.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts training (or loading the checkpoint) for <paramref name="spec"/>, whose key must be this grain's key. A model
    /// that failed stays failed (its status says why) until <see cref="Retry"/>.
    /// </summary>
    [Alias("Train")]
    Task<ModelStatus> Train(ModelSpec spec);

    /// <summary>
    /// <see cref="Train"/> on behalf of campaign <paramref name="campaignId"/>: the model trains while some campaign that
    /// asked for it still needs it (see <see cref="Release"/>).
    /// </summary>
    [Alias("TrainFor")]
    Task<ModelStatus> TrainFor(ModelSpec spec, string campaignId);

    /// <summary>
    /// Campaign <paramref name="campaignId"/> no longer needs this model (it ended): a training that no other campaign
    /// waits for stops, and the model goes back to <see cref="ModelPhase.NotStarted"/>. A model asked for by
    /// <see cref="Train"/> without a campaign is never stopped this way.
    /// </summary>
    [Alias("Release")]
    Task<ModelStatus> Release(string campaignId);

    /// <summary>Like <see cref="Train"/>, but a failed model trains again (resuming a failed campaign does this).</summary>
    [Alias("Retry")]
    Task<ModelStatus> Retry(ModelSpec spec);

    [Alias("GetStatus")]
    Task<ModelStatus> GetStatus();
}
