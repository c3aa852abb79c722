namespace Orleans.Lse.Core.Imaging;

/// <summary>One explained image in an <see cref="ExplanationGallery"/>. Images are row-major, <c>Height * Width</c> floats.</summary>
/// <param name="Original">The input x, values in [0, 1].</param>
/// <param name="Delta">The explanation x' - x (may be negative).</param>
/// <param name="Perturbed">The found x', values in [0, 1].</param>
/// <param name="Height">Image rows.</param>
/// <param name="Width">Image columns.</param>
/// <param name="PredictedBefore">Model prediction on x.</param>
/// <param name="PredictedAfter">Model prediction on x'.</param>
/// <param name="TrueLabel">The true label (for LAE: the target label).</param>
/// <param name="Success">Whether the search reached its goal; failures are marked in red.</param>
/// <param name="Caption">Free text shown under the labels, e.g. "#1234 steps 17 |eps| 0.21".</param>
public sealed record GalleryRow(
    float[] Original,
    float[] Delta,
    float[] Perturbed,
    int Height,
    int Width,
    int PredictedBefore,
    int PredictedAfter,
    int TrueLabel,
    bool Success,
    string Caption)
{
    /// <summary>Builds a row from x and x', computing the delta x' - x.</summary>
    /// <param name="original">The input x.</param>
    /// <param name="perturbed">The found x'.</param>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <param name="predictedBefore">Model prediction on x.</param>
    /// <param name="predictedAfter">Model prediction on x'.</param>
    /// <param name="trueLabel">The true (or target) label.</param>
    /// <param name="success">Whether the search succeeded.</param>
    /// <param name="caption">Free text caption.</param>
    public static GalleryRow FromPair(
        float[] original, float[] perturbed, int height, int width,
        int predictedBefore, int predictedAfter, int trueLabel, bool success, string caption)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(perturbed);
        if (original.Length != perturbed.Length)
        {
            throw new ArgumentException($"x has {original.Length} values but x' has {perturbed.Length}.", nameof(perturbed));
        }

        var delta = new float[original.Length];
        for (var i = 0; i < delta.Length; i++)
        {
            delta[i] = perturbed[i] - original[i];
        }

        return new GalleryRow(original, delta, perturbed, height, width, predictedBefore, predictedAfter, trueLabel, success, caption);
    }
}
