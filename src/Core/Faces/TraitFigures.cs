using Orleans.Lse.Core.Figures;
using Orleans.Lse.Core.Imaging;
using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Faces;

/// <summary>
/// A trait's two pictures, drawn alike by <c>lse celeba explain</c> and by a CelebA campaign's report: a gallery of its
/// searches (the paper's figure 6) and the bias heatmap of its successful perturbations (figure 10).
/// </summary>
public static class TraitFigures
{
    /// <summary>Rows a trait's gallery shows; the rest are counted as "+N more".</summary>
    public const int GalleryRows = 24;

    /// <summary>A trait's two classes as the pictures name them: "not TRAIT" (0) and "TRAIT" (1).</summary>
    public static IReadOnlyList<string> ClassNames(string trait) => [$"not {trait}", trait];

    /// <summary>Writes the gallery of <paramref name="rows"/> (x, x' - x, x', signed x' - x) to <paramref name="path"/>.</summary>
    public static void Gallery(string path, string title, string trait, IReadOnlyList<GalleryRow> rows, ImageShape shape, string labelName = "true") =>
        ExplanationGallery.Write(path, title, rows, columns: 2, scale: Math.Max(2, 96 / shape.Height), maxRows: GalleryRows, labelName: labelName, classNames: ClassNames(trait));

    /// <summary>
    /// Writes the mean of the successful perturbations <paramref name="deltas"/> to <paramref name="path"/>, faded where
    /// its bootstrap band contains 0; false (nothing written) with fewer than two, which have no band.
    /// </summary>
    public static bool Bias(string path, string title, IReadOnlyList<float[]> deltas, ImageShape shape)
    {
        if (deltas.Count < 2)
        {
            return false;
        }

        BiasHeatmaps.Save(path, title, [BiasEstimate.Of("all", deltas)], shape, scale: Math.Max(3, 192 / shape.Height));
        return true;
    }
}
