using Orleans.Lse.Core.Progress;

namespace Orleans.Lse.Core.Tests.Progress;

/// <summary>One training's progress heard by everyone waiting for it.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SharedProgressTests
{
    [Fact]
    public void EveryWatcherHearsEachUpdateALateOneHearsTheLatestAndOneWhoLeftHearsNothing()
    {
        var shared = new SharedProgress();
        var first = new Recorder();
        var second = new Recorder();
        var late = new Recorder();
        using (shared.Watch(null))
        {
            using var a = shared.Watch(first);
            var b = shared.Watch(second);
            shared.Report(new ProgressUpdate("train", 1, 4));
            b.Dispose();
            shared.Report(new ProgressUpdate("train", 2, 4));
            using var c = shared.Watch(late);
            shared.Report(new ProgressUpdate("train", 3, 4));
        }

        Assert.Equal([1, 2, 3], first.Done);
        Assert.Equal([1], second.Done);
        Assert.Equal([2, 3], late.Done);

        // Once the work is over a new try starts from nothing: a newcomer hears no old update.
        shared.Clear();
        var next = new Recorder();
        using (shared.Watch(next))
        {
            Assert.Empty(next.Done);
        }
    }

    [Fact]
    public void AWatcherThatThrowsIsDroppedAndTheOthersStillHear()
    {
        var shared = new SharedProgress();
        var heard = new Recorder();
        using var failing = shared.Watch(new Throwing());
        using var watching = shared.Watch(heard);
        shared.Report(new ProgressUpdate("train", 1, 2));
        shared.Report(new ProgressUpdate("train", 2, 2));
        Assert.Equal([1, 2], heard.Done);
    }

    private sealed class Throwing : IProgressSink
    {
        private int _calls;

        public void Report(ProgressUpdate update) => throw new InvalidOperationException($"call {++_calls}: a broken sink");
    }

    private sealed class Recorder : IProgressSink
    {
        public List<long> Done { get; } = [];

        public void Report(ProgressUpdate update) => Done.Add(update.Done);
    }
}
