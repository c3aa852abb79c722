using Orleans.Lse.Core.Checkpoints;
using Orleans.Lse.Core.Data;

namespace Orleans.Lse.Cli.Commands;

/// <summary>Runs a command body and turns known failures into one clear line and a non-zero exit code.</summary>
internal static class CliRunner
{
    public static int Run(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or DatasetException or IdxFormatException or CheckpointException or InvalidOperationException or IOException or Core.UserModels.UserModelException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("cancelled.");
            return 130;
        }
    }

    /// <summary>A log line that does not mangle an interactive progress bar on the same terminal.</summary>
    public static void Log(string line)
    {
        if (!Console.IsOutputRedirected)
        {
            Console.Write("\r\u001b[2K");
        }

        Console.WriteLine(line);
    }
}
