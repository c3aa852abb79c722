using Microsoft.Extensions.Logging;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Runtime;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>
/// At silo start, wakes every campaign that was created and has not ended, so a campaign interrupted by a crash
/// continues with no user action. Runs in the background: start-up does not wait for it.
/// </summary>
internal sealed partial class CampaignRecovery(IGrainFactory grains, ILogger<CampaignRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CampaignRecovery), ServiceLifecycleStage.Active, OnStart);

    private Task OnStart(CancellationToken cancellationToken)
    {
        _ = Task.Run(RecoverAll, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RecoverAll()
    {
        try
        {
            var ids = await grains.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Unfinished();
            foreach (var id in ids)
            {
                await grains.GetGrain<IExperimentGrain>(id).Recover();
            }

            LogRecovered(logger, ids.Length);
        }
        catch (Exception e)
        {
            LogFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up recovery: {Count} unfinished campaigns woken")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up recovery failed; campaigns resume when next called")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
