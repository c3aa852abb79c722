using Orleans.Lse.Grains.Models;
using Orleans.Lse.Grains.Placement;

namespace Orleans.Lse.Grains.Compute;

/// <summary>Runs a prediction request on this compute silo's executor and lets the activation go.</summary>
[ComputePlacement]
public sealed class PredictionGrain(SearchExecutor executor) : Grain, IPredictionGrain
{
    public async Task<TestPredictions> Predict(ModelSpec classifier, ModelSpec vae, int testLimit)
    {
        ModelLibrary.Validate(classifier);
        ModelLibrary.Validate(vae);
        ArgumentOutOfRangeException.ThrowIfNegative(testLimit);
        try
        {
            return await executor.Predict(classifier, vae, testLimit);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
