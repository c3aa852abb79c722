using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Service.Tests.Campaigns;

/// <summary>A campaign small enough for a test: tiny models on an MNIST subset, short searches, small blocks.</summary>
public static class TinyCampaign
{
    public static CampaignSpec Spec { get; } = new()
    {
        Name = "tiny",
        Dataset = "mnist",
        Classifier = "cnn",
        LatentSizes = [2],
        Modes = [CampaignMode.Lse, CampaignMode.Lae],
        LaeImages = 3,
        TestLimit = 300,
        Search = "paper",
        SearchOverrides = "budget=150",
        TrainingEpochs = 1,
        TrainLimit = 2000,
        BlockSize = 8,
    };

    /// <summary>Polls the campaign (the service's contract: start, then poll) until <paramref name="until"/> holds.</summary>
    public static async Task<CampaignStatus> WaitFor(IExperimentGrain campaign, Func<CampaignStatus, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = await campaign.GetStatus();
            if (until(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Campaign {status.Id} still {status.Phase} ({status.Activity}, {status.Done}/{status.Total}) after {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    public static bool Ended(CampaignStatus s) => s.Phase is CampaignPhase.Completed or CampaignPhase.Failed or CampaignPhase.Cancelled;
}
