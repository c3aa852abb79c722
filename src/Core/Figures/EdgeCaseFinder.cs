namespace Orleans.Lse.Core.Figures;

/// <summary>
/// Finds where a search's path first crosses into the target class and bisects that segment until the points on the
/// two sides are within a tolerance: the images just inside and just outside the class boundary.
/// </summary>
public sealed class EdgeCaseFinder(LatentProbe probe)
{
    /// <summary>Largest ||inside - outside|| the bisection stops at. Default 1e-3.</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Most halvings. Default 40.</summary>
    public int MaxHalvings { get; init; } = 40;

    /// <summary>
    /// The boundary on <paramref name="path"/> (eps points in order, e.g. eps = 0 then the recorded steps and the reported
    /// eps) for <paramref name="image"/> towards <paramref name="target"/>; null when no point of the path reaches the
    /// target or the path starts inside it.
    /// </summary>
    public EdgeCase? Find(long searchId, int imageRow, int trueLabel, int target, float[] image, IReadOnlyList<float[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count < 2)
        {
            return null;
        }

        var verdicts = probe.Predict(image, path);
        int first = Array.IndexOf(verdicts, target);
        if (first <= 0)
        {
            return null;
        }

        float[] outside = path[first - 1], inside = path[first];
        int outsideVerdict = verdicts[first - 1];
        for (int i = 0; i < MaxHalvings && Distance(outside, inside) > Tolerance; i++)
        {
            var middle = outside.Zip(inside, (a, b) => (a + b) / 2).ToArray();
            int verdict = probe.Predict(image, [middle])[0];
            if (verdict == target)
            {
                inside = middle;
            }
            else
            {
                outside = middle;
                outsideVerdict = verdict;
            }
        }

        var (predictions, images) = probe.Perturbed(image, [outside, inside]);
        return new EdgeCase
        {
            SearchId = searchId,
            ImageRow = imageRow,
            TrueLabel = trueLabel,
            Target = target,
            OutsideEps = outside,
            InsideEps = inside,
            OutsidePrediction = predictions[0] == target ? outsideVerdict : predictions[0],
            InsidePrediction = predictions[1],
            OutsideImage = images[0],
            InsideImage = images[1],
        };
    }

    private static double Distance(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }

        return Math.Sqrt(sum);
    }
}
