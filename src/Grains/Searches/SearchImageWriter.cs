using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Grains.Searches;

/// <summary>Writes a search's x, x' and its explanation x' - x (min-max normalised) as PNGs, scaled up 4x for viewing.</summary>
public static class SearchImageWriter
{
    private const int Scale = 4;

    /// <summary>
    /// Writes the three images (MNIST's shape unless <paramref name="shape"/> says otherwise) under
    /// <paramref name="directory"/> as NAME.x.png, NAME.xprime.png and NAME.delta.png; returns the paths of the last two.
    /// </summary>
    public static (string Perturbed, string Delta) Write(string directory, string name, ReadOnlySpan<float> perturbed, ReadOnlySpan<float> delta, ImageShape? shape = null)
    {
        var imageShape = shape ?? ImageShape.Mnist;
        var perturbedPath = Path.Combine(directory, $"{name}.xprime.png");
        var deltaPath = Path.Combine(directory, $"{name}.delta.png");
        var original = new float[perturbed.Length];
        for (int i = 0; i < original.Length; i++)
        {
            original[i] = perturbed[i] - delta[i];
        }

        using (var bitmap = ImageRaster.Linear(original, imageShape, Scale))
        {
            PngFile.Save(bitmap, Path.Combine(directory, $"{name}.x.png"));
        }

        using (var bitmap = ImageRaster.Linear(perturbed, imageShape, Scale))
        {
            PngFile.Save(bitmap, perturbedPath);
        }

        using (var bitmap = ImageRaster.MinMax(delta, imageShape, Scale))
        {
            PngFile.Save(bitmap, deltaPath);
        }

        return (perturbedPath, deltaPath);
    }
}
