using System.ComponentModel;
using System.Diagnostics;

namespace Orleans.Lse.Core.Data;

/// <summary>Runs an external command (npm, apt-get, dpkg) for dataset fetching and turns failures into <see cref="DatasetException"/>.</summary>
internal static class ToolRunner
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(15);

    /// <summary>Runs a command and returns its combined output.</summary>
    /// <param name="fileName">Program to run, found on PATH.</param>
    /// <param name="arguments">Arguments, passed without shell interpretation.</param>
    /// <param name="workingDirectory">Folder the command runs in (where it writes its download).</param>
    /// <param name="manualHint">Appended to any error: how to provide the files without this command.</param>
    public static string Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, string manualHint)
    {
        var commandLine = $"{fileName} {string.Join(' ', arguments)}";
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new DatasetException($"Could not start '{commandLine}'. {manualHint}");
        }
        catch (Win32Exception ex)
        {
            throw new DatasetException($"Could not run '{commandLine}': {ex.Message} (is '{fileName}' installed and on PATH?). {manualHint}", ex);
        }

        using (process)
        {
            // Both pipes are drained concurrently so a chatty tool cannot block on a full buffer.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(_timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new DatasetException($"'{commandLine}' did not finish within {_timeout.TotalMinutes} minutes. {manualHint}");
            }

            var output = (stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult()).Trim();
            if (process.ExitCode != 0)
            {
                throw new DatasetException(
                    $"'{commandLine}' (in '{workingDirectory}') failed with exit code {process.ExitCode}: {Tail(output)} {manualHint}");
            }

            return output;
        }
    }

    private static string Tail(string output) => output.Length <= 2000 ? output : "..." + output[^2000..];
}
