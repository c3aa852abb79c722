using System.Globalization;
using Orleans.Lse.Core.Progress;

namespace Orleans.Lse.Cli.Progress;

/// <summary>
/// Progress for logs and CI: one whole line per task each time it crosses a tenth of its total, and one when it ends,
/// such as <c>LSE d=2 improved: 40% (36/89), 12.1/s, ETA 00:04</c>. Tasks that report from several threads at once
/// never share a line. A task is a phase name; the same name counting from lower again is a new run of it.
/// </summary>
internal sealed class PlainProgressSink(TextWriter writer, TimeProvider time) : IConsoleProgress
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskState> _tasks = new(StringComparer.Ordinal);

    public void Report(ProgressUpdate update)
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            if (!_tasks.TryGetValue(update.Phase, out var task) || update.Done < task.Done)
            {
                task = new TaskState(now, update.Done);
                _tasks[update.Phase] = task;
            }

            task.Done = update.Done;
            int tenth = update.Total > 0 ? (int)Math.Min(10, update.Done * 10 / update.Total) : 0;
            if (tenth <= task.LastTenth)
            {
                return;
            }

            task.LastTenth = tenth;
            writer.WriteLine(Line(update, task, time.GetElapsedTime(task.Started, now)));
            writer.Flush();
        }
    }

    public void Log(string line)
    {
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    public void Dispose()
    {
    }

    private static string Line(ProgressUpdate u, TaskState task, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        string counts = u.Total > 0
            ? string.Create(inv, $"{100 * u.Done / u.Total}% ({u.Done}/{u.Total})")
            : string.Create(inv, $"{u.Done}");
        double rate = elapsed.TotalSeconds > 0 ? (u.Done - task.StartDone) / elapsed.TotalSeconds : 0;
        string pace = u.IsComplete
            ? $", done in {ConsoleProgress.Duration(elapsed)}"
            : rate > 0 && u.Total > 0
                ? string.Create(inv, $", {rate:0.#}/s, ETA {ConsoleProgress.Duration(TimeSpan.FromSeconds((u.Total - u.Done) / rate))}")
                : "";
        return $"{u.Phase}: {counts}{pace}{(string.IsNullOrEmpty(u.Detail) ? "" : ", " + u.Detail)}";
    }

    private sealed class TaskState(long started, long startDone)
    {
        public long Started { get; } = started;
        public long StartDone { get; } = startDone;
        public long Done { get; set; } = startDone;
        public int LastTenth { get; set; } = -1;
    }
}
