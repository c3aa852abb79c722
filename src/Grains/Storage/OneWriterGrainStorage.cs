using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Lse.Grains.Storage;

/// <summary>
/// SQLite's grain storage with its writes taken one at a time in this process. SQLite has one writer at a time, and
/// Microsoft.Data.Sqlite answers a busy database by sleeping 150 ms on the calling thread and trying again: two grains
/// writing at once stalled a campaign's grain (and every status call queued behind it) for 100-260 ms several times a
/// second. Waiting here instead is an await, so the grain keeps answering. Reads do not wait: in WAL mode they never
/// block or are blocked by the writer.
/// </summary>
internal sealed class OneWriterGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) => inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Alone(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Alone(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="write"/> once no other write of this process is in SQLite.</summary>
    private async Task Alone(Func<Task> write, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }
}
