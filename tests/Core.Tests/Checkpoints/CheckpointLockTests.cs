using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Tests.Data;

namespace Orleans.Lse.Core.Tests.Checkpoints;

/// <summary>The lock that lets processes sharing a model folder train a model once.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class CheckpointLockTests
{
    [Fact]
    public async Task ALockFileHeldByAnotherHolderIsWaitedOnThenTaken()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model");
        var messages = new List<string>();

        // Another process's lock, as the file system sees it: the lock file open with FileShare.None.
        var other = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var waiting = Task.Factory.StartNew(() => CheckpointLock.Acquire(path, waiting: m => { lock (messages) { messages.Add(m); } }), TaskCreationOptions.LongRunning);
        Assert.NotSame(waiting, await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500))));
        lock (messages)
        {
            Assert.Contains(messages, m => m.Contains("another process", StringComparison.Ordinal));
        }

        await other.DisposeAsync();
        using (var held = await waiting.WaitAsync(TimeSpan.FromMinutes(1)))
        {
            // Taken: within this process too, the next caller waits until it is released.
            var next = Task.Factory.StartNew(() => CheckpointLock.Acquire(path), TaskCreationOptions.LongRunning);
            Assert.NotSame(next, await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(300))));
            held.Dispose();
            (await next.WaitAsync(TimeSpan.FromMinutes(1))).Dispose();
        }

        Assert.True(File.Exists(path + ".lock"), "the lock file stays for the next holder");
        Assert.False(CheckpointLock.HasLocalGate(path), "the path's semaphore is dropped once nobody holds or awaits it");
    }

    [Fact]
    public async Task AWaiterThatIsCancelledLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model");
        var held = CheckpointLock.Acquire(path);
        using var cancel = new CancellationTokenSource();
        var toldWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Task.Factory.StartNew(() => CheckpointLock.Acquire(path, cancel.Token, _ => toldWaiting.TrySetResult()), TaskCreationOptions.LongRunning);
        await toldWaiting.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.True(CheckpointLock.HasLocalGate(path), "the holder still holds it");
        held.Dispose();
        Assert.False(CheckpointLock.HasLocalGate(path), "neither the cancelled waiter nor the holder left a semaphore behind");
        using var again = CheckpointLock.Acquire(path); // and the path is free
    }

    [Fact]
    public void ALockThatCannotBeMadeIsAnErrorNotAWait()
    {
        using var dir = new TempDirectory();
        string blocker = dir.File("not-a-folder");
        File.WriteAllText(blocker, "a file where the model folder would be");

        // The folder cannot be made: an IOException at once, not a wait, and the path free for the next try.
        Assert.ThrowsAny<IOException>(() => CheckpointLock.Acquire(Path.Combine(blocker, "model")));
        Assert.ThrowsAny<IOException>(() => CheckpointLock.Acquire(Path.Combine(blocker, "model")));
        Assert.False(CheckpointLock.HasLocalGate(Path.Combine(blocker, "model")));
    }
}
