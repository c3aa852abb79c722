using Orleans.Lse.Grains.Diagnostics;

namespace Orleans.Lse.Service.Tests.Diagnostics;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class TransientTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(4, 8)]
    [InlineData(7, 60)]
    [InlineData(30, 60)]
    public void BackoffDoublesUpToAMinuteWithFullJitter(int failures, int capSeconds)
    {
        var delays = Enumerable.Range(0, 2000).Select(_ => Transient.Backoff(failures)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(capSeconds)));

        // Full jitter: spread over the whole range, not bunched at the cap.
        Assert.True(delays.Min() < TimeSpan.FromSeconds(capSeconds * 0.1), $"shortest {delays.Min()}");
        Assert.True(delays.Max() > TimeSpan.FromSeconds(capSeconds * 0.9), $"longest {delays.Max()}");
    }

    [Fact]
    public void AWrapperIsWhatItWraps()
    {
        // What Orleans' storage bridge throws when PostgreSQL goes away under a write.
        var storage = new Orleans.Runtime.OrleansException("Error from storage provider AdoNetGrainStorage.search during WriteStateAsync", new Npgsql.NpgsqlException("connection lost"));
        var missing = new Orleans.Runtime.OrleansException("Error from storage provider", new FileNotFoundException("gone"));

        Assert.True(Transient.Is(storage));
        Assert.False(Transient.Is(missing));
        Assert.False(Transient.Is(new Orleans.Runtime.OrleansException("no cause")));

        // A corrupt checkpoint stays corrupt however it was read.
        Assert.False(Transient.Is(new Core.Checkpoints.CheckpointException("/m/cnn", "truncated", new EndOfStreamException())));
        Assert.False(Transient.Is(new Orleans.Runtime.OrleansException("wrapped", new Core.Checkpoints.CheckpointException("/m/cnn", "truncated", new EndOfStreamException()))));
        Assert.False(Transient.Is(new Orleans.Storage.InconsistentStateException("etag", new IOException("x"))));
    }

    [Fact]
    public async Task NothingIsRetriedOnceTheWorkIsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        int calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Transient.Retry<int>(() =>
        {
            calls++;
            cancel.Cancel();
            throw new OperationCanceledException(cancel.Token);
        }, TimeProvider.System, cancellationToken: cancel.Token));

        Assert.Equal(1, calls);
    }
}
