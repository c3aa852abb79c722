using System.Diagnostics;
using System.Text;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>A real <c>lse-silo</c> process (the built Silo project), its output captured for assertions and diagnosis.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static SiloProcess Start(IEnumerable<string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(SiloAssembly());
        foreach (var s in settings)
        {
            info.ArgumentList.Add(s);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        return new SiloProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>SIGKILL: no shutdown, no flush; whatever was not stored is lost.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits until the silo has written <paramref name="text"/> (or exited, or the time is up).</summary>
    public async Task WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo did not write '{text}' ({(_process.HasExited ? $"exited with {_process.ExitCode}" : "timed out")}). Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>lse-silo.dll of the same configuration as this test assembly (the test project builds it first).</summary>
    private static string SiloAssembly()
    {
        var testDirectory = AppContext.BaseDirectory;
        string configuration = testDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = new DirectoryInfo(testDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Orleans.Lse.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Repository root not found."), "src", "Silo", "bin", configuration, "net10.0", "lse-silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the silo first: {path} is missing.", path);
    }
}
