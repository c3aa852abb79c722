namespace Orleans.Lse.Core.Progress;

/// <summary>
/// Progress of one piece of work that several callers wait for (one network trained for a campaign's every trait):
/// each update goes to every caller watching, and one who starts watching late hears the latest update at once. The
/// watchers are told on the working thread, in order, under a lock: they must be quick and must not block; one that
/// throws is not told again and does not stop the work.
/// </summary>
public sealed class SharedProgress : IProgressSink
{
    private readonly Lock _lock = new();
    private readonly List<IProgressSink> _watchers = [];
    private ProgressUpdate? _latest;

    /// <summary>Sends the updates to <paramref name="sink"/> until the result is disposed; a null sink watches nothing.</summary>
    public IDisposable Watch(IProgressSink? sink)
    {
        if (sink is not null)
        {
            lock (_lock)
            {
                _watchers.Add(sink);
                if (_latest is { } latest)
                {
                    Tell(sink, latest);
                }
            }
        }

        return new Watching(this, sink);
    }

    /// <summary>Forgets the latest update once the work is over, so that a later try starts from nothing.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _latest = null;
        }
    }

    public void Report(ProgressUpdate update)
    {
        lock (_lock)
        {
            _latest = update;
            foreach (var watcher in _watchers.ToArray())
            {
                Tell(watcher, update);
            }
        }
    }

    // Called under the lock.
    private void Tell(IProgressSink watcher, ProgressUpdate update)
    {
        try
        {
            watcher.Report(update);
        }
        catch (Exception)
        {
            // A watcher's failure is its own: the work, and the other watchers, go on without it.
            _watchers.Remove(watcher);
        }
    }

    private sealed class Watching(SharedProgress owner, IProgressSink? sink) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (sink is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (owner._lock)
                {
                    owner._watchers.Remove(sink);
                }
            }
        }
    }
}
