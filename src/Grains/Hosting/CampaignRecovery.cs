using Microsoft.Extensions.Logging;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Runtime;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>
/// Wakes every campaign that was created and has not ended: at silo start (a crashed single silo comes back) and
/// whenever a silo is declared dead (its campaigns reactivate here instead of waiting for their reminder's next tick).
/// Waking a running campaign is a no-op, so every silo doing it is harmless. Runs in the background.
/// </summary>
internal sealed partial class CampaignRecovery(IGrainFactory grains, IClusterMembershipService membership, ILogger<CampaignRecovery> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CampaignRecovery), ServiceLifecycleStage.Active, OnStart, OnStop);

    private Task OnStart(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RecoverAll("silo start"), CancellationToken.None);
        _ = Task.Run(WatchMembership, CancellationToken.None);
        return Task.CompletedTask;
    }

    private Task OnStop(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task WatchMembership()
    {
        var dead = new HashSet<SiloAddress>(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress));
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(_stopping.Token))
            {
                var newlyDead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && dead.Add(m.SiloAddress)).ToList();
                if (newlyDead.Count > 0)
                {
                    await RecoverAll($"silo {newlyDead[0].SiloAddress} died");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task RecoverAll(string why)
    {
        try
        {
            var ids = await grains.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Unfinished();
            foreach (var id in ids)
            {
                await grains.GetGrain<IExperimentGrain>(id).Recover();
            }

            LogRecovered(logger, why, ids.Length);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, why);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery ({Why}): {Count} unfinished campaigns woken")]
    private static partial void LogRecovered(ILogger logger, string why, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery ({Why}) failed; campaigns resume at their reminder or when next called")]
    private static partial void LogFailed(ILogger logger, Exception exception, string why);
}
