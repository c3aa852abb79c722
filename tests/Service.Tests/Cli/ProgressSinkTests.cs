using Microsoft.Extensions.Time.Testing;
using Orleans.Lse.Cli.Progress;
using Orleans.Lse.Core.Progress;
using Spectre.Console;

namespace Orleans.Lse.Service.Tests.Cli;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class ProgressSinkTests
{
    [Fact]
    public void PlainLinesComeAtEachTenthAndAtTheEnd()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, time);
        for (int i = 0; i <= 1000; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            sink.Report(new ProgressUpdate("LSE d=2", i, 1000));
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.Equal("LSE d=2: 0% (0/1000)", lines[0]);
        Assert.Equal("LSE d=2: 50% (500/1000), 100/s, ETA 00:05", lines[5]);
        Assert.Equal("LSE d=2: 100% (1000/1000), done in 00:10", lines[^1]);
    }

    [Fact]
    public void TasksReportingFromSeveralThreadsNeverShareALine()
    {
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, TimeProvider.System);
        string[] phases = ["LAE d=10 paper-gd [1/2]", "LAE d=10 paper-gd [2/2]", "LSE d=2 improved", "LAE d=2 improved"];
        Parallel.ForEach(phases, phase =>
        {
            for (int i = 0; i <= 5000; i++)
            {
                sink.Report(new ProgressUpdate(phase, i, 5000));
                if (i % 1000 == 0)
                {
                    sink.Log($"{phase} log {i}");
                }
            }
        });

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal((phases.Length * 11) + (phases.Length * 6), lines.Length);
        Assert.All(lines, line => Assert.Single(phases, p => line.StartsWith(p + ":", StringComparison.Ordinal) || line.StartsWith(p + " log ", StringComparison.Ordinal)));
        Assert.All(phases, p => Assert.Contains($"{p}: 100% (5000/5000)", output.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void APhaseCountingFromLowerAgainIsANewRunAndEtaKeepsTheDays()
    {
        var time = new FakeTimeProvider();
        var output = new StringWriter();
        var sink = new PlainProgressSink(output, time);
        sink.Report(new ProgressUpdate("search", 0, 10));
        sink.Report(new ProgressUpdate("search", 10, 10));
        sink.Report(new ProgressUpdate("search", 0, 1_000_000));
        time.Advance(TimeSpan.FromHours(1));
        sink.Report(new ProgressUpdate("search", 100_000, 1_000_000, "loss 0.5"));

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["search: 0% (0/10)", "search: 100% (10/10), done in 00:00", "search: 0% (0/1000000)", "search: 10% (100000/1000000), 27.8/s, ETA 09:00:00, loss 0.5"], lines);
        Assert.Equal("2d 03:04:05", ConsoleProgress.Duration(new TimeSpan(2, 3, 4, 5)));
    }

    [Fact]
    public void SpectreBarsShowEveryTaskAndItsFinalState()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(output),
        });
        using (var sink = new SpectreProgressSink(console, TimeProvider.System))
        {
            sink.Report(new ProgressUpdate("train VAE d=2", 40, 40, "epoch 8/8"));
            sink.Report(new ProgressUpdate("LSE d=2 [1/2]", 3, 12));
            sink.Log("a log line");
        }

        // The live display redraws in place with cursor movements; what it last drew is what a user sees.
        string text = System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\u001b\[[0-9;?]*[A-Za-z]", "");
        Assert.Contains("train VAE d=2 epoch 8/8", text, StringComparison.Ordinal);
        Assert.Contains("LSE d=2 [1/2]", text, StringComparison.Ordinal);
        Assert.Contains("100%", text, StringComparison.Ordinal);
        Assert.Contains("25%", text, StringComparison.Ordinal);
        Assert.Contains("a log line", text, StringComparison.Ordinal);
    }
}
