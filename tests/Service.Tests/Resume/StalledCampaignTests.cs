using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Service.Tests.Campaigns;
using Xunit.Abstractions;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>
/// No campaign shows progress that is not happening: a block that never finishes (a test hook, as a hung driver or
/// file system would) leaves its campaign Running, and after Lse:Campaigns:StallAfter the status says it is stalled and
/// what it waits on (the block, the silo it runs on, the attempt), while the silo keeps serving other campaigns.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class StalledCampaignTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocalSilo _service = new("stalled");

    [Fact]
    public async Task ACampaignWhoseBlockHangsShowsAsStalledWithWhatItWaitsOn()
    {
        using var silo = _service.Start(
            "--Lse:Compute:HangOnBlock=/lae/d2/b1",
            "--Lse:Campaigns:MaxBlocksInFlight=1",
            "--Lse:Campaigns:StallAfter=00:00:03");
        await using var client = await _service.Connect(silo);
        var catalog = client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);
        var spec = TinyCampaign.Spec with { Name = "stalls", Modes = [CampaignMode.Lae], LaeImages = 2, BlockSize = 6, WriteImages = false };
        var submitted = await catalog.Submit(spec, "stalls");
        var campaign = client.Client.GetGrain<IExperimentGrain>(submitted.Id);
        string hung = $"{submitted.Id}/lae/d2/b1";

        var stalled = await TinyCampaign.WaitFor(campaign, "a block hangs", "stalled on its hung block", s => (s.Stalled && s.Activity.Contains($"waiting on blocks {hung} (", StringComparison.Ordinal)) || TinyCampaign.Ended(s), TimeSpan.FromMinutes(3), () => silo.HasExited ? "the silo exited" : null, context: () => silo.Output);
        output.WriteLine(TinyCampaign.Describe(stalled));

        Assert.Equal(CampaignPhase.Running, stalled.Phase);
        Assert.Equal(6, stalled.Done);
        Assert.StartsWith("stalled for 0 min, waiting on blocks " + hung + " (", stalled.Activity, StringComparison.Ordinal);
        Assert.Contains($":{_service.SiloPort}", stalled.Activity, StringComparison.Ordinal);
        Assert.EndsWith(", attempt 1)", stalled.Activity, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - stalled.LastProgressUtc >= TimeSpan.FromSeconds(2), $"last progress {stalled.LastProgressUtc:O}");

        // Meanwhile another campaign on the same silo (one block, b0, which the hook leaves alone) runs to the end.
        var other = client.Client.GetGrain<IExperimentGrain>((await catalog.Submit(spec with { Name = "alongside", Seed = 5, BlockSize = 32 }, "alongside")).Id);
        var completed = await TinyCampaign.WaitFor(other, "beside the stalled campaign", "ended", TinyCampaign.Ended, TimeSpan.FromMinutes(3), () => silo.HasExited ? "the silo exited" : null, context: () => silo.Output);
        Assert.True(completed.Phase == CampaignPhase.Completed, TinyCampaign.Describe(completed));

        Assert.True((await campaign.GetStatus()).Stalled);
        Assert.Equal(CampaignPhase.Cancelled, (await campaign.Cancel()).Phase);
    }

    public void Dispose() => _service.Dispose();
}
