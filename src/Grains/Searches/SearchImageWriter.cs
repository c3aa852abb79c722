using Orleans.Lse.Core.Imaging;

namespace Orleans.Lse.Grains.Searches;

/// <summary>Writes a search's x' and its explanation x' - x (min-max normalised) as grey PNGs, scaled up 4x for viewing.</summary>
public static class SearchImageWriter
{
    private const int Side = 28;
    private const int Scale = 4;

    /// <summary>Writes both images under <paramref name="directory"/>; returns their paths.</summary>
    public static (string Perturbed, string Delta) Write(string directory, string name, ReadOnlySpan<float> perturbed, ReadOnlySpan<float> delta)
    {
        Directory.CreateDirectory(directory);
        var perturbedPath = Path.Combine(directory, $"{name}.xprime.png");
        var deltaPath = Path.Combine(directory, $"{name}.delta.png");
        WriteGrey(perturbedPath, perturbed, 0, 1);
        float min = float.MaxValue, max = float.MinValue;
        foreach (float v in delta)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        WriteGrey(deltaPath, delta, min, max);
        return (perturbedPath, deltaPath);
    }

    private static void WriteGrey(string path, ReadOnlySpan<float> pixels, float min, float max)
    {
        if (pixels.Length != Side * Side)
        {
            throw new ArgumentException($"Expected a {Side}x{Side} image, got {pixels.Length} values.", nameof(pixels));
        }

        float range = max - min;
        int side = Side * Scale;
        var rgb = new byte[side * side * 3];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                float v = pixels[(y / Scale * Side) + (x / Scale)];
                byte g = range > 0 ? (byte)Math.Clamp(MathF.Round((v - min) / range * 255), 0, 255) : (byte)0;
                int o = ((y * side) + x) * 3;
                rgb[o] = rgb[o + 1] = rgb[o + 2] = g;
            }
        }

        // Write to a temporary name first: a crash must not leave a truncated PNG under the final name.
        var temporary = path + ".tmp";
        PngEncoder.WriteRgb(temporary, side, side, rgb);
        File.Move(temporary, path, overwrite: true);
    }
}
