using System.Diagnostics;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Wall time per <see cref="SearchPhase"/>, from <see cref="Stopwatch"/> timestamps at the phase boundaries. On a CPU the
/// kernels run where they are called, so each phase holds its own arithmetic; on CUDA they run asynchronously and their
/// time lands in the next phase that waits for them (usually <see cref="SearchPhase.Sync"/>).
/// </summary>
public sealed class SearchPhaseTimes
{
    private readonly long[] _ticks = new long[Enum.GetValues<SearchPhase>().Length];

    /// <summary>Time spent in <paramref name="phase"/>.</summary>
    public TimeSpan this[SearchPhase phase] => Stopwatch.GetElapsedTime(0, _ticks[(int)phase]);

    /// <summary>The sum over phases.</summary>
    public TimeSpan Total => Stopwatch.GetElapsedTime(0, _ticks.Sum());

    /// <summary>Adds the time since <paramref name="since"/> to <paramref name="phase"/> and returns now, the next phase's start.</summary>
    public long Add(SearchPhase phase, long since)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[(int)phase] += now - since;
        return now;
    }

    /// <summary>Adds another run's times to these.</summary>
    public void Add(SearchPhaseTimes other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < _ticks.Length; i++)
        {
            _ticks[i] += other._ticks[i];
        }
    }
}
