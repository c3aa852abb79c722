using Microsoft.AspNetCore.Components;
using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Dashboard.Components;

/// <summary>
/// A page that reads the cluster again every <see cref="DashboardOptions.RefreshInterval"/> while a browser shows it
/// (over its live connection: no reload), and once when it is first drawn.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    [Inject] protected IClusterClient Client { get; set; } = null!;

    [Inject] protected DashboardOptions Options { get; set; } = null!;

    [Inject] protected TimeProvider Time { get; set; } = null!;

    /// <summary>Why the last read failed (shown on the page); null when it worked.</summary>
    protected string? ReadError { get; private set; }

    /// <summary>Whether the page is connected and updating (false while it is the server's first, static rendering).</summary>
    protected bool IsLive { get; private set; }

    /// <summary>Reads what the page shows.</summary>
    protected abstract Task Refresh();

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
        using var timer = new PeriodicTimer(Options.RefreshInterval, Time);
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
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away between ticks.
        }
    }

    private async Task RefreshSafely()
    {
        try
        {
            await Refresh();
            ReadError = null;
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or InvalidOperationException or KeyNotFoundException)
        {
            // A page must not die with a silo; it says what failed and tries again next tick.
            ReadError = e is KeyNotFoundException ? e.Message : $"Could not read the cluster: {e.GetType().Name}: {e.Message}";
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
}
