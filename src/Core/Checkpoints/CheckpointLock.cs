namespace Orleans.Lse.Core.Checkpoints;

/// <summary>
/// An exclusive lock on one checkpoint's path, so that whoever shares a model folder (threads of one process, silos on
/// one disk, a silo and the CLI) trains a model once: the others wait, then load what it saved. Within a process a
/// semaphore per path; across processes a lock file beside the checkpoint, which stays (deleting it would let a waiter
/// lock a file no longer on disk while a newcomer locks a new one). A path's semaphore lives while someone holds or
/// awaits it.
/// </summary>
public sealed class CheckpointLock : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(200);
    private static readonly Lock s_gatesLock = new();
    private static readonly Dictionary<string, LocalGate> s_local = new(StringComparer.Ordinal);
    private readonly string _path;
    private readonly LocalGate _local;
    private readonly FileStream _file;
    private int _disposed;

    private CheckpointLock(string path, LocalGate local, FileStream file)
    {
        _path = path;
        _local = local;
        _file = file;
    }

    /// <summary>Whether this process keeps a semaphore for <paramref name="path"/>: only while it is held or awaited.</summary>
    internal static bool HasLocalGate(string path)
    {
        lock (s_gatesLock)
        {
            return s_local.ContainsKey(Path.GetFullPath(path));
        }
    }

    /// <summary>
    /// Waits until no other holder has <paramref name="path"/>'s lock, then takes it; <paramref name="waiting"/> is told
    /// once when another holder makes it wait. A lock file that cannot be made (a read-only folder, a full disk) is
    /// reported as the error it is, not waited on.
    /// </summary>
    public static CheckpointLock Acquire(string path, CancellationToken cancellationToken = default, Action<string>? waiting = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        var local = Enter(full);
        try
        {
            if (!local.Semaphore.Wait(0, cancellationToken))
            {
                waiting?.Invoke($"Waiting for this process's training of {full}.");
                local.Semaphore.Wait(cancellationToken);
            }
        }
        catch
        {
            Leave(full, local);
            throw;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            bool told = false;
            while (true)
            {
                try
                {
                    return new CheckpointLock(full, local, new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException e) when (IsHeldElsewhere(e))
                {
                    // Another process holds it: it is training this model.
                    if (!told)
                    {
                        waiting?.Invoke($"Waiting for another process's training of {full} (it holds {full}.lock).");
                        told = true;
                    }

                    if (cancellationToken.WaitHandle.WaitOne(s_poll))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            }
        }
        catch
        {
            local.Semaphore.Release();
            Leave(full, local);
            throw;
        }
    }

    private static LocalGate Enter(string path)
    {
        lock (s_gatesLock)
        {
            if (!s_local.TryGetValue(path, out var gate))
            {
                s_local[path] = gate = new LocalGate();
            }

            gate.Users++;
            return gate;
        }
    }

    private static void Leave(string path, LocalGate gate)
    {
        lock (s_gatesLock)
        {
            if (--gate.Users == 0)
            {
                s_local.Remove(path);
                gate.Semaphore.Dispose();
            }
        }
    }

    // A file another holder opened with FileShare.None: ERROR_SHARING_VIOLATION on Windows; on Unix the errno of the
    // refused flock, EWOULDBLOCK (11 on Linux, 35 on macOS).
    private static bool IsHeldElsewhere(IOException e) => (e.HResult & 0xFFFF) == 32 || (!OperatingSystem.IsWindows() && e.HResult is 11 or 35);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _file.Dispose();
            _local.Semaphore.Release();
            Leave(_path, _local);
        }
    }

    private sealed class LocalGate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }
}
