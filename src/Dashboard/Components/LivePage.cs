using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Dashboard.Components;

/// <summary>
/// A page that reads the cluster again every <see cref="DashboardOptions.RefreshInterval"/> (times
/// <see cref="RefreshEvery"/>) while a browser shows it, over its live connection (no reload), and once when it is
/// first drawn. A failed read is shown on the page and tried again at the next tick; it never ends the connection.
/// </summary>
public abstract partial class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    [Inject] protected IClusterClient Client { get; set; } = null!;

    [Inject] protected DashboardOptions Options { get; set; } = null!;

    [Inject] protected TimeProvider Time { get; set; } = null!;

    [Inject] private ILogger<LivePage> Logger { get; set; } = null!;

    /// <summary>Why the last read failed (shown on the page); null when it worked.</summary>
    protected string? ReadError { get; private set; }

    /// <summary>Whether the page is connected and updating (false while it is the server's first, static rendering).</summary>
    protected bool IsLive { get; private set; }

    /// <summary>Refresh intervals between reads (1: every interval); pages that read much and change little read less often.</summary>
    protected virtual int RefreshEvery => 1;

    /// <summary>Reads what the page shows.</summary>
    protected abstract Task Refresh();

    /// <summary>Throws (shown as the page's error) unless <paramref name="id"/> can be a campaign id.</summary>
    protected static void RequireCampaignId(string id)
    {
        if (!CampaignIds.IsValidId(id))
        {
            throw new KeyNotFoundException($"Unknown campaign id '{CampaignIds.Shown(id)}'.");
        }
    }

    protected override async Task OnParametersSetAsync() => await RefreshSafely();

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            IsLive = true;
            StateHasChanged();
            _ = Loop();
        }
    }

    /// <summary>Reads again now (after a button changed something).</summary>
    protected async Task RefreshNow()
    {
        await RefreshSafely();
        StateHasChanged();
    }

    private async Task Loop()
    {
        using var timer = new PeriodicTimer(Options.RefreshInterval * RefreshEvery, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await InvokeAsync(async () =>
                {
                    await RefreshSafely();
                    StateHasChanged();
                });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested)
        {
            // The page closed.
        }
        catch (Exception e)
        {
            // Drawing failed: the page stops updating, says so, and the connection lives on.
            LogLoopFailed(Logger, e, GetType().Name);
            IsLive = false;
            ReadError = $"The page stopped updating ({e.GetType().Name}); reload it.";
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task RefreshSafely()
    {
        try
        {
            await Refresh();
            ReadError = null;
        }
        catch (KeyNotFoundException e)
        {
            ReadError = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A page must not die with a silo: it says what failed and tries again next tick.
            LogReadFailed(Logger, e, GetType().Name);
            ReadError = $"Could not read the cluster: {e.GetType().Name}: {e.Message}";
        }
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            _stop.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard page {Page} could not read the cluster")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string page);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dashboard page {Page} stopped updating")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string page);
}
