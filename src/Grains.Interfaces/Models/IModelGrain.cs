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

    /// <summary>Like <see cref="Train"/>, but a failed model trains again (resuming a failed campaign does this).</summary>
    [Alias("Retry")]
    Task<ModelStatus> Retry(ModelSpec spec);

    [Alias("GetStatus")]
    Task<ModelStatus> GetStatus();
}
