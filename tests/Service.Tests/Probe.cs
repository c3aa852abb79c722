using System.Diagnostics;

namespace Orleans.Lse.Service.Tests;

/// <summary>
/// Waits for an entity's observable state, read through the service's own contract (start, then poll), to reach what a
/// test phase expects. The deadline is generous, not a guess at how long the work takes: it only bounds a hang, and its
/// message says which phase waited, on which entity, for what, and what it saw last.
/// </summary>
internal static class Probe
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <param name="phase">What the test was doing ("after the kill", "pause").</param>
    /// <param name="entity">What it read ("campaign c-123", "model grain cnn-...").</param>
    /// <param name="expected">What it waited for, in words ("Completed", "two active silos").</param>
    /// <param name="read">Reads the state once.</param>
    /// <param name="reached">Whether the state is what the phase waits for.</param>
    /// <param name="timeout">Bounds a hang.</param>
    /// <param name="describe">The state in words for the message; ToString() by default.</param>
    /// <param name="abandon">A reason to stop waiting at once (a process the state depends on exited), or null.</param>
    /// <param name="transient">Read failures to retry (a cluster noticing a dead silo); others end the wait.</param>
    /// <param name="context">More to say on timeout (a silo's log).</param>
    public static async Task<T> Until<T>(
        string phase,
        string entity,
        string expected,
        Func<Task<T>> read,
        Func<T, bool> reached,
        TimeSpan timeout,
        Func<T, string>? describe = null,
        Func<string?>? abandon = null,
        Func<Exception, bool>? transient = null,
        Func<string>? context = null)
    {
        var clock = Stopwatch.StartNew();
        bool seen = false;
        T last = default!;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await read();
                seen = true;
                lastError = null;
                if (reached(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (transient is not null && e is not Xunit.Sdk.XunitException && transient(e))
            {
                lastError = e;
            }

            string? abandoned = abandon?.Invoke();
            if (abandoned is not null || clock.Elapsed > timeout)
            {
                string saw = lastError is not null ? $"the last read failed ({lastError.GetType().Name}: {lastError.Message})"
                    : seen ? (describe ?? (v => v?.ToString() ?? "null"))(last) : "nothing";
                string why = abandoned is not null ? $"gave up after {clock.Elapsed.TotalSeconds:0.0} s: {abandoned}" : $"timed out after {timeout}";
                string more = context?.Invoke() is { Length: > 0 } text ? "\n" + text : string.Empty;
                throw new TimeoutException($"{phase}: waited for {entity} to be {expected} and {why}; last seen: {saw}.{more}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary><see cref="Until{T}"/> for a condition with no state worth returning.</summary>
    public static Task Until(string phase, string entity, string expected, Func<Task<bool>> condition, TimeSpan timeout, Func<string?>? abandon = null, Func<string>? context = null) =>
        Until(phase, entity, expected, condition, v => v, timeout, v => v ? "true" : "not yet", abandon, context: context);
}
