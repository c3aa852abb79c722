using Orleans.Lse.Core.Progress;

namespace Orleans.Lse.Cli.Progress;

/// <summary>Progress and log lines on the terminal: live bars where there is one, plain whole lines in logs and CI.</summary>
internal interface IConsoleProgress : IProgressSink, IDisposable
{
    /// <summary>Writes a whole line without breaking the progress display.</summary>
    void Log(string line);
}
