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
    /// <param name="phase">What the test was doing, for the timeout message.</param>
    /// <param name="expected">What <paramref name="until"/> waits for, in words.</param>
    public static Task<CampaignStatus> WaitFor(IExperimentGrain campaign, string phase, string expected, Func<CampaignStatus, bool> until, TimeSpan timeout, Func<string?>? abandon = null, Func<Exception, bool>? transient = null, Func<string>? context = null) =>
        Probe.Until(phase, $"campaign {campaign.GetPrimaryKeyString()}", expected, campaign.GetStatus, until, timeout, Describe, abandon, transient, context);

    public static string Describe(CampaignStatus s) =>
        $"{s.Phase} ({s.Activity}, {s.Done}/{s.Total}){(string.IsNullOrEmpty(s.Error) ? string.Empty : ": " + s.Error)}";

    public static bool Ended(CampaignStatus s) => s.Phase is CampaignPhase.Completed or CampaignPhase.Failed or CampaignPhase.Cancelled;
}
