using Microsoft.Extensions.Time.Testing;
using Orleans.Lse.Core.Progress;

namespace Orleans.Lse.Core.Tests.Imaging;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ConsoleProgressBarTests
{
    [Fact]
    public void Interactive_EtaFromAverageRateSincePhaseStart()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        using var bar = new ConsoleProgressBar(output, interactive: true, time);

        bar.Report(new ProgressUpdate("search", 0, 100, null));
        time.Advance(TimeSpan.FromSeconds(10));
        bar.Report(new ProgressUpdate("search", 50, 100, "batch 3"));

        var last = LastRedraw(output.ToString());
        Assert.Equal("search [##########..........]  50%  50/100  5.0/s  ETA 00:10  batch 3", last);
    }

    [Fact]
    public void Interactive_ThrottlesRedrawsAndEndsLineOnCompletion()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, interactive: true, time);

        for (var i = 0; i <= 1000; i++)
        {
            bar.Report(new ProgressUpdate("train", i, 1000, null));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var text = output.ToString();
        var redraws = text.Count(c => c == '\r');
        Assert.InRange(redraws, 10, 13); // 1 s of reports at <= 10 redraws/s, plus first and final
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Contains("100%  1000/1000", text, StringComparison.Ordinal);
        Assert.Contains("done in 00:01", text, StringComparison.Ordinal);
        bar.Dispose();
        Assert.Equal(text, output.ToString());
    }

    [Fact]
    public void NonInteractive_PrintsBoundedPlainLines()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        using (var bar = new ConsoleProgressBar(output, interactive: false, time))
        {
            for (var i = 1; i <= 1000; i++)
            {
                time.Advance(TimeSpan.FromMilliseconds(20));
                bar.Report(new ProgressUpdate("eval", i, 1000, null));
            }
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 10, 16); // every 10% (and every 5 s over 20 s), plus the final line
        Assert.DoesNotContain('\r', output.ToString());
        Assert.DoesNotContain("[", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("eval  100%  1000/1000", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void NonInteractive_PrintsEveryFiveSecondsWhenSlow()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, interactive: false, time);

        bar.Report(new ProgressUpdate("slow", 0, 1000, null));
        for (var i = 1; i <= 12; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            bar.Report(new ProgressUpdate("slow", i, 1000, null));
        }

        // Start, then 5 s and 10 s: still in the first 10%.
        Assert.Equal(3, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void PhaseChange_FinishesPreviousLineWithItsLastState()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        using var bar = new ConsoleProgressBar(output, interactive: true, time);

        bar.Report(new ProgressUpdate("a", 1, 10, null));
        bar.Report(new ProgressUpdate("a", 7, 10, null)); // throttled: same instant
        bar.Report(new ProgressUpdate("b", 0, 0, "unknown total"));

        var text = output.ToString();
        Assert.Contains("a [##############......]  70%  7/10", text, StringComparison.Ordinal);
        Assert.Contains("\nb  0", text.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string LastRedraw(string output) =>
        output.Split('\r', StringSplitOptions.RemoveEmptyEntries)[^1].TrimEnd();
}
