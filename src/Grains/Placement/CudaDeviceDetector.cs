using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Orleans.Lse.Core.Devices;

namespace Orleans.Lse.Grains.Placement;

/// <summary>Finds this machine's usable CUDA devices (TorchSharp) and their total memory (nvidia-smi).</summary>
internal static class CudaDeviceDetector
{
    private static readonly TimeSpan s_nvidiaSmiTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Devices the loaded libtorch can use; 0 with the CPU bundle or when libtorch cannot load.</summary>
    public static int DetectDeviceCount()
    {
        try
        {
            TorchRuntime.EnsureInitialized();
            return ComputeDevice.CudaDeviceCount;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException)
        {
            // No usable libtorch means no usable device; the silo still serves CPU work.
            return 0;
        }
    }

    /// <summary>
    /// Total memory of the visible devices in bytes, from <c>nvidia-smi</c>; 0 when it is absent, fails or prints
    /// something unexpected. Honours CUDA_VISIBLE_DEVICES so the sum covers the devices libtorch counts.
    /// </summary>
    public static long DetectTotalMemoryBytes()
    {
        var start = new ProcessStartInfo("nvidia-smi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--query-gpu=memory.total");
        start.ArgumentList.Add("--format=csv,noheader,nounits");
        if (Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") is { Length: > 0 } visible)
        {
            start.ArgumentList.Add($"--id={visible.Trim()}");
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return 0;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync(); // drained so a chatty failure cannot block the child
            if (!process.WaitForExit(s_nvidiaSmiTimeout))
            {
                process.Kill(entireProcessTree: true);
                return 0;
            }

            return process.ExitCode == 0 && output.Wait(s_nvidiaSmiTimeout) ? ParseTotalMemoryBytes(output.Result) ?? 0 : 0;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            // nvidia-smi is not installed (or not runnable): memory is unknown.
            return 0;
        }
    }

    /// <summary>Sums nvidia-smi's per-device "memory.total" lines (MiB, no units); null if a line is not a number.</summary>
    public static long? ParseTotalMemoryBytes(string output)
    {
        long totalMiB = 0;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var mib))
            {
                return null;
            }

            totalMiB += mib;
        }

        return totalMiB * 1024 * 1024;
    }
}
