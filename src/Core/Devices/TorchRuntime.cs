using System.Runtime.InteropServices;
using TorchSharp;

namespace Orleans.Lse.Core.Devices;

/// <summary>
/// One-time libtorch set-up. (1) glibc's malloc hands large blocks (tensors) back to the kernel on free and maps fresh,
/// page-faulting memory on the next allocation; a search allocates the same shapes every step, and on virtual machines
/// those page faults can cost more than the arithmetic. Raising the mmap
/// and trim thresholds keeps freed blocks for reuse. (2) On CPUs that NNPACK does not support, libtorch 2.10 logs "Could not initialize NNPACK"
/// at every convolution; unless the user set TORCH_CPP_LOG_LEVEL, the C++ log threshold is raised to errors
/// (c10's FLAGS_caffe2_log_level), which libc10 only reads from the environment in Python builds.
/// </summary>
public static partial class TorchRuntime
{
    private const int MallocTrimThreshold = -1;
    private const int MallocTopPad = -2;
    private const int MallocMmapThreshold = -3;
    private const int ErrorLevel = 2;
    private static int s_initialized;

    /// <summary>Loads libtorch and applies the settings; safe to call often.</summary>
    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref s_initialized, 1) == 1)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallOpt(MallocMmapThreshold, 32 << 20); // glibc's largest allowed value
                _ = MallOpt(MallocTrimThreshold, int.MaxValue);
                _ = MallOpt(MallocTopPad, 64 << 20);
            }
            catch (EntryPointNotFoundException)
            {
                // Not glibc (musl): nothing to tune.
            }
        }

        _ = torch.get_num_threads(); // forces the native libraries to load
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL")))
        {
            return;
        }

        foreach (var name in new[] { "libc10.so", "libc10.dylib", "c10.dll" })
        {
            if (NativeLibrary.TryLoad(name, typeof(torch).Assembly, null, out var handle)
                && NativeLibrary.TryGetExport(handle, "FLAGS_caffe2_log_level", out var flag))
            {
                Marshal.WriteInt32(flag, ErrorLevel);
                return;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
