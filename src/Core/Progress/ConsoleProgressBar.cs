using System.Globalization;
using System.Text;

namespace Orleans.Lse.Core.Progress;

/// <summary>
/// Text progress output. Interactive mode redraws one line with <c>\r</c>
/// (<c>phase [#########...........]  45%  1234/5000  12.3/s  ETA 00:12  detail</c>) at most ~10 times a second;
/// non-interactive mode (redirected output, CI logs) prints a plain line at most every 10% or every 5 s.
/// A phase ends (with a newline and its last state shown) on completion, on a new phase name, when
/// <see cref="ProgressUpdate.Done"/> goes backwards (a repeated phase such as an epoch), or on <see cref="Dispose"/>.
/// </summary>
public sealed class ConsoleProgressBar : IProgressSink, IDisposable
{
    private const int BarWidth = 20;
    private const int MaxLineLength = 119;
    private static readonly TimeSpan _redrawInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan _plainInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _writer;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _phase;
    private long _phaseStart;
    private long _phaseStartDone;
    private long _lastShownAt;
    private int _lastDecile;
    private bool _shownAny;
    private ProgressUpdate _latest;
    private bool _latestShown;
    private bool _lineOpen;
    private int _lastLength;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates a progress bar writing to <paramref name="writer"/> (which it does not dispose).</summary>
    /// <param name="writer">Destination, usually <see cref="Console.Out"/>.</param>
    /// <param name="interactive">True to redraw a single line; false for plain log lines.</param>
    /// <param name="time">Clock for rates and throttling; defaults to <see cref="TimeProvider.System"/>.</param>
    public ConsoleProgressBar(TextWriter writer, bool interactive, TimeProvider? time = null)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        Interactive = interactive;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Whether the bar redraws in place (true) or prints plain lines (false).</summary>
    public bool Interactive { get; }

    /// <summary>A bar on <see cref="Console.Out"/>, interactive unless output is redirected.</summary>
    public static ConsoleProgressBar ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <inheritdoc />
    public void Report(ProgressUpdate update)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            if (!string.Equals(update.Phase, _phase, StringComparison.Ordinal) || update.Done < _latest.Done)
            {
                FinishPhase(now);
                StartPhase(update, now);
            }
            else if (_completed)
            {
                // Repeated final reports of a finished phase add nothing.
                return;
            }

            _latest = update;
            _latestShown = false;
            if (ShouldShow(update, now))
            {
                Show(update, now);
            }
        }
    }

    /// <summary>Shows the last state and ends the current line.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            FinishPhase(_time.GetTimestamp());
            _disposed = true;
        }
    }

    private void StartPhase(ProgressUpdate update, long now)
    {
        _phase = update.Phase;
        _phaseStart = now;
        _phaseStartDone = update.Done;
        _lastDecile = -1;
        _shownAny = false;
        _completed = false;
    }

    private void FinishPhase(long now)
    {
        if (_phase is not null && !_latestShown && !_completed)
        {
            Show(_latest, now);
        }

        if (_lineOpen)
        {
            _writer.WriteLine();
            _writer.Flush();
            _lineOpen = false;
            _lastLength = 0;
        }
    }

    private bool ShouldShow(ProgressUpdate update, long now)
    {
        if (update.IsComplete || !_shownAny)
        {
            return true;
        }

        var sinceLast = _time.GetElapsedTime(_lastShownAt, now);
        return Interactive
            ? sinceLast >= _redrawInterval
            : Decile(update) > _lastDecile || sinceLast >= _plainInterval;
    }

    private void Show(ProgressUpdate update, long now)
    {
        var text = Format(update, now);
        if (Interactive)
        {
            // Pad with spaces so a shorter line fully covers the previous one.
            _writer.Write('\r');
            _writer.Write(text.PadRight(_lastLength));
            _lastLength = text.Length;
            _lineOpen = true;
            if (update.IsComplete)
            {
                _writer.WriteLine();
                _lineOpen = false;
                _lastLength = 0;
            }
        }
        else
        {
            _writer.WriteLine(text);
        }

        _writer.Flush();
        _completed = update.IsComplete;
        _lastShownAt = now;
        _lastDecile = Math.Max(_lastDecile, Decile(update));
        _shownAny = true;
        _latestShown = true;
    }

    private string Format(ProgressUpdate update, long now)
    {
        var elapsed = _time.GetElapsedTime(_phaseStart, now);
        var rate = elapsed > TimeSpan.Zero ? (update.Done - _phaseStartDone) / elapsed.TotalSeconds : double.NaN;
        var known = update.Total > 0;
        var fraction = known ? Math.Clamp((double)update.Done / update.Total, 0, 1) : 0;

        var text = new StringBuilder(update.Phase);
        if (Interactive && known)
        {
            var filled = (int)(fraction * BarWidth);
            text.Append(" [").Append('#', filled).Append('.', BarWidth - filled).Append(']');
        }

        var parts = new List<string>();
        if (known)
        {
            parts.Add(Invariant($"{(int)(fraction * 100)}%"));
            parts.Add(Invariant($"{update.Done}/{update.Total}"));
        }
        else
        {
            parts.Add(Invariant($"{update.Done}"));
        }

        if (double.IsFinite(rate))
        {
            parts.Add(FormatRate(rate) + "/s");
        }

        if (update.IsComplete)
        {
            parts.Add("done in " + FormatDuration(elapsed.TotalSeconds));
        }
        else if (known)
        {
            var eta = rate > 0 ? (update.Total - update.Done) / rate : double.NaN;
            parts.Add("ETA " + FormatDuration(eta));
        }
        else
        {
            parts.Add("elapsed " + FormatDuration(elapsed.TotalSeconds));
        }

        if (!string.IsNullOrEmpty(update.Detail))
        {
            parts.Add(update.Detail);
        }

        text.Append("  ").AppendJoin("  ", parts);
        return Interactive && text.Length > MaxLineLength ? string.Concat(text.ToString(0, MaxLineLength - 2), "..") : text.ToString();
    }

    private static int Decile(ProgressUpdate update) =>
        update.Total > 0 ? (int)Math.Clamp(update.Done * 10.0 / update.Total, 0, 10) : -1;

    private static string FormatRate(double rate) =>
        rate.ToString(rate >= 100 ? "F0" : rate >= 1 ? "F1" : "F2", CultureInfo.InvariantCulture);

    /// <summary>mm:ss, or h:mm:ss from an hour on; "--:--" when unknown.</summary>
    private static string FormatDuration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0 || seconds > 359_999)
        {
            return "--:--";
        }

        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1
            ? Invariant($"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : Invariant($"{t.Minutes:00}:{t.Seconds:00}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
