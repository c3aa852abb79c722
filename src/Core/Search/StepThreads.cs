using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.Search;

/// <summary>
/// Runs the steps of few rows on one CPU thread and the rest on the threads configured. Below a few dozen rows every kernel
/// is too small to split, and waking the other threads for each of a step's ~60 kernels costs more than they save (measured in
/// docs/benchmarks.md). Disposing restores the configured count. CUDA steps are left alone.
/// </summary>
internal sealed class StepThreads : IDisposable
{
    /// <summary>Rows up to which a step runs single-threaded.</summary>
    public const int SingleThreadRows = 32;

    private readonly int _configured;
    private readonly bool _active;
    private int _current;

    public StepThreads(Device device)
    {
        _active = device.type == DeviceType.CPU;
        _configured = _active ? get_num_threads() : 0;
        _current = _configured;
    }

    /// <summary>Sets the thread count for a step over <paramref name="rows"/> rows.</summary>
    public void For(long rows)
    {
        if (!_active)
        {
            return;
        }

        int wanted = rows <= SingleThreadRows ? 1 : _configured;
        if (wanted != _current)
        {
            set_num_threads(wanted);
            _current = wanted;
        }
    }

    public void Dispose()
    {
        if (_active && _current != _configured)
        {
            set_num_threads(_configured);
            _current = _configured;
        }
    }
}
