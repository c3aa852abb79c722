using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// The classifier's predictions on the test images, computed on a compute silo's executor (placed like the search
/// blocks, so planning runs where the models and the device are). Keyed by whatever names the request for logs.
/// </summary>
[Alias("lse.IPredictionGrain")]
public interface IPredictionGrain : IGrainWithStringKey
{
    /// <summary>c(x) on the first <paramref name="testLimit"/> test images (0 = all), with the labels and the models' checksums.</summary>
    [Alias("Predict")]
    Task<TestPredictions> Predict(ModelSpec classifier, ModelSpec vae, int testLimit);
}
