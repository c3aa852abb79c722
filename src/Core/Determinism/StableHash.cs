namespace Orleans.Lse.Core.Determinism;

/// <summary>
/// Hashes that are the same in every process. <see cref="HashCode.Combine{T1,T2}(T1,T2)"/> and string.GetHashCode are
/// randomised per process, so seeds derived from them would change between runs (and between a campaign and its resume).
/// </summary>
public static class StableHash
{
    /// <summary>Mixes the values with SplitMix64 into a 32-bit seed.</summary>
    public static int Combine(params ReadOnlySpan<long> values)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (long v in values)
        {
            h = Mix(h ^ (ulong)v);
        }

        return (int)(h ^ (h >> 32));
    }

    /// <summary>FNV-1a over the UTF-16 code units of <paramref name="text"/>, then mixed.</summary>
    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        h = Mix(h);
        return (int)(h ^ (h >> 32));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
