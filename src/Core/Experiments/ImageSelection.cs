using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Core.Experiments;

/// <summary>
/// The paper's choice of searches from the classifier's test predictions (sections 3.2.1, 3.2.2): LSE on the
/// misclassified images, LAE on correctly classified ones, each pushed to every other class. Search ids are stable
/// functions of (image, target), so the engine seeds a search's restarts the same wherever it runs.
/// </summary>
public static class ImageSelection
{
    /// <summary>LAE search ids are this plus image * classes + target; LSE ids are the image index.</summary>
    public const long LaeIdOffset = 1_000_000;

    /// <summary>LSE on the misclassified test images in index order: the first <paramref name="limit"/> (0 = all).</summary>
    public static IReadOnlyList<SearchItem> Lse(IReadOnlyList<int> predictions, IReadOnlyList<int> labels, int limit = 0)
    {
        Check(predictions, labels);
        var wrong = Enumerable.Range(0, predictions.Count).Where(i => predictions[i] != labels[i]);
        return [.. (limit > 0 ? wrong.Take(limit) : wrong).Select(i => SearchItem.Lse(i, i, labels[i]))];
    }

    /// <summary>LAE on the first <paramref name="images"/> correctly classified test images, each towards the other classes in order.</summary>
    public static IReadOnlyList<SearchItem> Lae(IReadOnlyList<int> predictions, IReadOnlyList<int> labels, int images, int classes)
    {
        Check(predictions, labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        return [.. Enumerable.Range(0, predictions.Count).Where(i => predictions[i] == labels[i]).Take(images)
            .SelectMany(i => Enumerable.Range(0, classes).Where(t => t != labels[i]).Select(t => SearchItem.Lae(LaeId(i, t, classes), i, labels[i], t)))];
    }

    public static long LaeId(int image, int target, int classes) => LaeIdOffset + ((long)image * classes) + target;

    private static void Check(IReadOnlyList<int> predictions, IReadOnlyList<int> labels)
    {
        if (predictions.Count != labels.Count)
        {
            throw new ArgumentException($"{predictions.Count} predictions for {labels.Count} labels.", nameof(labels));
        }
    }
}
