using Spectre.Console;

namespace Orleans.Lse.Cli.Progress;

/// <summary>Picks the progress display for this process's standard output.</summary>
internal static class ConsoleProgress
{
    /// <summary>Spectre.Console bars on an interactive terminal; otherwise <see cref="PlainProgressSink"/> lines.</summary>
    public static IConsoleProgress ForConsole() =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new SpectreProgressSink(AnsiConsole.Console, TimeProvider.System)
            : new PlainProgressSink(Console.Out, TimeProvider.System);

    /// <summary>A duration for people: "1d 02:03:04" from one day, "02:03:04" from an hour, else "03:04".</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t:hh\\:mm\\:ss}" : t.TotalHours >= 1 ? t.ToString(@"hh\:mm\:ss") : t.ToString(@"mm\:ss");
}
