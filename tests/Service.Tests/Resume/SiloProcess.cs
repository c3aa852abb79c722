using System.Diagnostics;
using System.Text;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>A real <c>lse-silo</c> process (the built Silo project), its output captured for assertions and diagnosis.</summary>
public sealed partial class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private TaskCompletionSource _changed = NewSignal();

    private SiloProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Exited += (_, _) => Signal();
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
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Start();
        return new SiloProcess(process);
    }

    /// <summary>SIGKILL: no shutdown, no flush; whatever was not stored is lost.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Waits for an exited (or exiting) silo until its output is read to the end; returns its exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as systemd and Kubernetes stop a service; returns how long the silo took to exit, and its exit code.</summary>
    public (TimeSpan Elapsed, int ExitCode) Terminate(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(timeout))
        {
            throw new TimeoutException($"The silo did not exit within {timeout} of SIGTERM. Output:\n{Output}");
        }

        _process.WaitForExit();
        return (clock.Elapsed, _process.ExitCode);
    }

    /// <summary>Waits until the silo has written <paramref name="text"/>; fails if it exits first or the time is up.</summary>
    public async Task WaitForOutput(string text, TimeSpan timeout) => await FirstToWrite([this], text, timeout);

    /// <summary>Waits for the log line that says where the process serves HTTP, and returns that address.</summary>
    public async Task<Uri> WaitForHttpAddress(TimeSpan timeout)
    {
        await WaitForOutput("HTTP on ", timeout);
        var match = HttpAddress().Match(Output);
        return match.Success ? new Uri(match.Groups[1].Value) : throw new InvalidOperationException($"The process logged 'HTTP on ' without a loopback address; its output:\n{Output}");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"HTTP on (http://127\.0\.0\.1:\d+)")]
    private static partial System.Text.RegularExpressions.Regex HttpAddress();

    /// <summary>
    /// The first of <paramref name="silos"/> to write <paramref name="text"/>, woken by each line they write (no polling);
    /// fails once all have exited or the time is up.
    /// </summary>
    public static async Task<SiloProcess> FirstToWrite(IReadOnlyList<SiloProcess> silos, string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            // The signals are taken before the outputs are read, so a line written in between wakes the wait below.
            var changed = silos.Select(s => s.Changed).ToArray();
            if (silos.FirstOrDefault(s => s.Output.Contains(text, StringComparison.Ordinal)) is { } writer)
            {
                return writer;
            }

            if (silos.All(s => s.HasExited) || deadline.IsCancellationRequested)
            {
                string why = silos.All(s => s.HasExited) ? "every silo exited (" + string.Join(", ", silos.Select(s => s._process.ExitCode)) + ")" : $"timed out after {timeout}";
                throw new TimeoutException($"No silo wrote '{text}': {why}. Output:\n{string.Join("\n---\n", silos.Select(s => s.Output))}");
            }

            try
            {
                await Task.WhenAny(changed).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                // Checked once more above, then reported.
            }
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

    private Task Changed
    {
        get
        {
            lock (_output)
            {
                return _changed.Task;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

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

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_output)
        {
            fired = _changed;
            _changed = NewSignal();
        }

        fired.TrySetResult();
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
