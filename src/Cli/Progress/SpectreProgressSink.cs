using Orleans.Lse.Core.Progress;
using Spectre.Console;

namespace Orleans.Lse.Cli.Progress;

/// <summary>
/// Live Spectre.Console bars, one per task (phase name), with rate and ETA. Work reports from any thread; a display
/// thread applies the latest report of each task ten times a second. Disposing shows the final state and ends the display.
/// </summary>
internal sealed class SpectreProgressSink : IConsoleProgress
{
    private static readonly TimeSpan s_refresh = TimeSpan.FromMilliseconds(100);
    private readonly IAnsiConsole _console;
    private readonly Lock _gate = new();
    private readonly List<string> _order = [];
    private readonly Dictionary<string, ProgressUpdate> _latest = new(StringComparer.Ordinal);
    private readonly List<ProgressUpdate> _restarts = [];
    private readonly CancellationTokenSource _finish = new();
    private readonly Task _display;

    public SpectreProgressSink(IAnsiConsole console, TimeProvider time)
    {
        _console = console;
        _display = console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => Show(context, time));
    }

    public void Report(ProgressUpdate update)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(update.Phase, out var previous))
            {
                _order.Add(update.Phase);
            }
            else if (update.Done < previous.Done)
            {
                _restarts.Add(previous);
            }

            _latest[update.Phase] = update;
        }
    }

    public void Log(string line) => _console.WriteLine(line);

    public void Dispose()
    {
        _finish.Cancel();
        _display.GetAwaiter().GetResult();
        _finish.Dispose();
    }

    private async Task Show(ProgressContext context, TimeProvider time)
    {
        var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
        while (true)
        {
            bool finishing = _finish.IsCancellationRequested;
            lock (_gate)
            {
                foreach (var ended in _restarts)
                {
                    // The same phase counting from lower again: the old run stays as it ended, a new bar follows.
                    if (bars.Remove(ended.Phase, out var old))
                    {
                        Apply(old, ended);
                        old.StopTask();
                    }
                }

                _restarts.Clear();
                foreach (string phase in _order)
                {
                    var update = _latest[phase];
                    if (!bars.TryGetValue(phase, out var bar))
                    {
                        bar = bars[phase] = context.AddTask(Markup.Escape(phase), maxValue: Math.Max(1, update.Total));
                    }

                    Apply(bar, update);
                }
            }

            if (finishing)
            {
                foreach (var bar in bars.Values)
                {
                    bar.StopTask();
                }

                context.Refresh();
                return;
            }

            try
            {
                await Task.Delay(s_refresh, time, _finish.Token);
            }
            catch (OperationCanceledException)
            {
                // Finishing: one more pass applies the last reports.
            }
        }
    }

    private static void Apply(ProgressTask bar, ProgressUpdate update)
    {
        bar.MaxValue = Math.Max(1, update.Total);
        bar.Value = Math.Min(update.Done, bar.MaxValue);
        string description = string.IsNullOrEmpty(update.Detail) ? update.Phase : $"{update.Phase} {update.Detail}";
        bar.Description = Markup.Escape(description);
        if (update.IsComplete)
        {
            bar.StopTask();
        }
    }
}
