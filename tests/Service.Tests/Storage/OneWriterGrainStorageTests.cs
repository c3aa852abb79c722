using Orleans.Lse.Grains.Storage;
using Orleans.Runtime;
using Orleans.Storage;

namespace Orleans.Lse.Service.Tests.Storage;

/// <summary>SQLite mode's storage wrapper: one write at a time in the process, reads never queued behind writes.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class OneWriterGrainStorageTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WritesAndClearsTakeTurnsWhileReadsPassThrough()
    {
        var inner = new GatedStorage();
        var storage = new OneWriterGrainStorage(inner);
        var state = new GrainState<int>();
        var first = storage.WriteStateAsync("s", GrainId.Create("t", "a"), state);
        await inner.Entered.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        var second = storage.WriteStateAsync("s", GrainId.Create("t", "b"), state);
        var clear = storage.ClearStateAsync("s", GrainId.Create("t", "c"), state);
        // A read goes straight to the inner storage while the first write is still inside it.
        await storage.ReadStateAsync("s", GrainId.Create("t", "d"), state).WaitAsync(Patience);
        Assert.Equal(1, inner.Reads);
        Assert.False(second.IsCompleted || clear.IsCompleted, "A write or clear finished while another write held the storage.");
        Assert.Equal(1, inner.Inside);

        inner.Release();
        await inner.Entered.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(1, inner.Inside);
        inner.Release();
        await inner.Entered.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        inner.Release();
        await Task.WhenAll(first, second, clear).WaitAsync(Patience);
        Assert.Equal(1, inner.MostInside);
        Assert.Equal(3, inner.Writes);
    }

    [Fact]
    public async Task AFailedWriteLetsTheNextOneIn()
    {
        var inner = new GatedStorage { FailNext = true };
        var storage = new OneWriterGrainStorage(inner);
        var state = new GrainState<int>();
        var failing = storage.WriteStateAsync("s", GrainId.Create("t", "a"), state);
        await inner.Entered.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        inner.Release();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Patience));
        Assert.Equal("storage down", error.Message);

        var next = storage.WriteStateAsync("s", GrainId.Create("t", "b"), state);
        await inner.Entered.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        inner.Release();
        await next.WaitAsync(Patience);
        Assert.Equal(2, inner.Writes);
    }

    /// <summary>Inner storage whose writes wait for the test to release them, counting who is inside.</summary>
    private sealed class GatedStorage : IGrainStorage
    {
        private readonly System.Threading.Channels.Channel<TaskCompletionSource> _gates = System.Threading.Channels.Channel.CreateUnbounded<TaskCompletionSource>();

        public System.Threading.Channels.Channel<bool> Entered { get; } = System.Threading.Channels.Channel.CreateUnbounded<bool>();

        public bool FailNext { get; set; }

        public int Inside;

        public int MostInside;

        public int Writes;

        public int Reads;

        public void Release()
        {
            Assert.True(_gates.Reader.TryRead(out var gate), "Released a write that had not entered.");
            gate.SetResult();
        }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Interlocked.Increment(ref Reads);
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Enter();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Enter();

        private async Task Enter()
        {
            int inside = Interlocked.Increment(ref Inside);
            MostInside = Math.Max(MostInside, inside);
            Interlocked.Increment(ref Writes);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gates.Writer.TryWrite(gate);
            Entered.Writer.TryWrite(true);
            await gate.Task;
            Interlocked.Decrement(ref Inside);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("storage down");
            }
        }
    }
}
