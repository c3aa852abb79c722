using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Orleans.Lse.Core.UserModels;

/// <summary>Loading TorchScript files and reading what their methods return, with errors that name the file.</summary>
internal static class ScriptModules
{
    /// <summary>Loads a TorchScript archive on the CPU; a missing file or one that is not TorchScript is refused by name.</summary>
    public static jit.ScriptModule Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserModelException($"{path}: no such file.");
        }

        Devices.TorchRuntime.EnsureInitialized();
        try
        {
            var module = jit.load(path, CPU);
            module.eval();
            // Weights stay frozen: the search differentiates with respect to its input only.
            foreach (var (_, parameter) in module.named_parameters())
            {
                parameter.requires_grad = false;
            }

            return module;
        }
        catch (Exception ex) when (ex is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new UserModelException($"{path}: not a TorchScript archive that this libtorch can load ({FirstLine(ex.Message)}). Export it with torch.jit.script or torch.jit.trace and module.save(path).", ex);
        }
    }

    /// <summary>Calls forward (method null) or a named method with one tensor.</summary>
    public static object Call(jit.ScriptModule module, string? method, Tensor input, string what)
    {
        try
        {
            return method is null ? module.call(input) : module.invoke(method, input);
        }
        catch (Exception ex) when (ex is ExternalException or InvalidOperationException or ArgumentException or NotImplementedException)
        {
            throw new UserModelException($"{what} failed on a batch of shape [{string.Join(", ", input.shape)}]: {FirstLine(ex.Message)}", ex);
        }
    }

    /// <summary>The one float32 tensor a method returned.</summary>
    public static Tensor Single(object output, string what) => output switch
    {
        Tensor t => Float32(t, what),
        _ => throw Unexpected(output, what, "one tensor"),
    };

    /// <summary>The tensor, if float32 (what the engine computes in); otherwise an error naming the file.</summary>
    public static Tensor Float32(Tensor t, string what) => t.dtype == ScalarType.Float32 ? t
        : throw new UserModelException($"{what} returned {t.dtype} values; the engine computes in float32: export the model after model.float().");

    /// <summary>The first of a (mean, log-variance) pair.</summary>
    public static Tensor FirstOfPair(object output, string what)
    {
        var items = output switch
        {
            Tensor[] array => array.Cast<object>().ToArray(),
            object[] array => array,
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray(),
            _ => null,
        };
        if (items is not { Length: 2 } || items[0] is not Tensor first || items[1] is not Tensor second)
        {
            throw Unexpected(output, what, "a pair of tensors (mean, log-variance)");
        }

        second.Dispose();
        return Float32(first, what);
    }

    /// <summary>Disposes every tensor in what a method returned.</summary>
    public static void Dispose(object? output)
    {
        switch (output)
        {
            case Tensor t:
                t.Dispose();
                break;
            case IEnumerable<object> items:
                foreach (var item in items)
                {
                    Dispose(item);
                }

                break;
            case ITuple tuple:
                for (int i = 0; i < tuple.Length; i++)
                {
                    Dispose(tuple[i]);
                }

                break;
        }
    }

    private static UserModelException Unexpected(object output, string what, string expected)
    {
        Dispose(output);
        string got = output switch
        {
            Tensor t => $"one tensor [{string.Join(", ", t.shape)}]",
            Tensor[] a => $"{a.Length} tensors",
            ITuple t => $"a tuple of {t.Length}",
            null => "nothing",
            _ => output.GetType().Name,
        };
        return new UserModelException($"{what} returned {got}; expected {expected}.");
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
