using Orleans.Runtime;

namespace Orleans.Lse.Grains.Diagnostics;

/// <summary>
/// Which failures are worth retrying (storage, I/O, timeouts, a silo gone mid-call) and the retry itself: a few
/// attempts with exponential backoff and full jitter. Everything else (bad input, corrupt data, out of memory) is
/// deterministic: retrying gives the same failure, so it fails at once with its reason.
/// </summary>
public static class Transient
{
    /// <summary>Attempts in all, the first included. Default 4.</summary>
    public const int Attempts = 4;

    /// <summary>The first backoff; each further one doubles it. Default 1 s (then up to 2, 4 s).</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff. Default 1 minute.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The wait before attempt <paramref name="failures"/> + 1: exponential (<see cref="FirstDelay"/> doubled per failure,
    /// at most <see cref="MaxDelay"/>) with full jitter, so that the retries of many blocks do not arrive together.
    /// </summary>
    public static TimeSpan Backoff(int failures)
    {
        double cap = Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromTicks((long)(cap * Random.Shared.NextDouble()));
    }

    public static bool Is(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException or PathTooLongException => false,
        IOException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException => true,

        // Work cancelled under a running campaign means its silo is stopping: run it again elsewhere or after the restart.
        OperationCanceledException => true,
        Orleans.Storage.InconsistentStateException => false,
        System.Data.Common.DbException => true,
        AggregateException { InnerExceptions.Count: 1 } a => Is(a.InnerExceptions[0]),

        // The project's own verdicts on data and checkpoints are final, whatever I/O error they carry.
        Core.Data.DatasetException or Core.Data.IdxFormatException or Core.Checkpoints.CheckpointException => false,

        // Orleans' wrappers (a storage provider's "Error from storage provider ...") are what they wrap.
        OrleansException { InnerException: { } inner } => Is(inner),
        _ => false,
    };

    /// <summary>Runs <paramref name="work"/>, retrying transient failures; the last failure, or the first deterministic one, is thrown.</summary>
    /// <remarks>Once <paramref name="cancellationToken"/> fires, nothing is retried: its cancellation is thrown.</remarks>
    public static async Task<T> Retry<T>(Func<Task<T>> work, TimeProvider time, Action<Exception, int, TimeSpan>? retrying = null, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (attempt < Attempts && Is(e) && !cancellationToken.IsCancellationRequested)
            {
                var delay = Backoff(attempt);
                retrying?.Invoke(e, attempt, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }
}
