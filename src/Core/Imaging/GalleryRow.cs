using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Imaging;

/// <summary>One explained image in an <see cref="ExplanationGallery"/>. Images are planar C x H x W floats (<paramref name="Shape"/>).</summary>
/// <param name="Original">The input x, values in [0, 1].</param>
/// <param name="Delta">The explanation x' - x (may be negative).</param>
/// <param name="Perturbed">The found x', values in [0, 1].</param>
/// <param name="Shape">The images' shape (1 or 3 channels).</param>
/// <param name="PredictedBefore">Model prediction on x.</param>
/// <param name="PredictedAfter">Model prediction on x'.</param>
/// <param name="TrueLabel">The true label (for LAE: the target label).</param>
/// <param name="Success">Whether the search reached its goal; failures are marked in red.</param>
/// <param name="Caption">Free text shown under the labels, e.g. "#1234 steps 17 |eps| 0.21".</param>
public sealed record GalleryRow(
    float[] Original,
    float[] Delta,
    float[] Perturbed,
    ImageShape Shape,
    int PredictedBefore,
    int PredictedAfter,
    int TrueLabel,
    bool Success,
    string Caption)
{
    /// <summary>Builds a row from x and x', computing the delta x' - x.</summary>
    public static GalleryRow FromPair(
        float[] original, float[] perturbed, ImageShape shape, int predictedBefore, int predictedAfter, int trueLabel, bool success, string caption)
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

        return new GalleryRow(original, delta, perturbed, shape, predictedBefore, predictedAfter, trueLabel, success, caption);
    }
}
