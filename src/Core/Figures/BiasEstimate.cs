namespace Orleans.Lse.Core.Figures;

/// <summary>
/// The mean perturbation g(z + eps) - g(z) (= x' - x) over a set of searches, per value, with a percentile bootstrap
/// interval; a value is significantly non-zero where its interval excludes 0.
/// </summary>
/// <param name="Label">What the set is ("all", "3 -> 5").</param>
/// <param name="Count">Searches averaged.</param>
/// <param name="Mean">The mean, per value.</param>
/// <param name="Low">The interval's lower bound, per value.</param>
/// <param name="High">The interval's upper bound, per value.</param>
public sealed record BiasEstimate(string Label, int Count, float[] Mean, float[] Low, float[] High)
{
    /// <summary>True where the interval excludes 0 (never with fewer than 2 searches).</summary>
    public bool IsSignificant(int i) => Count >= 2 && (Low[i] > 0 || High[i] < 0);

    /// <summary>How many values are significantly non-zero.</summary>
    public int SignificantCount => Enumerable.Range(0, Mean.Length).Count(IsSignificant);

    /// <summary>
    /// Estimates the mean of <paramref name="deltas"/> (all of one length) and its <paramref name="level"/> percentile
    /// bootstrap interval from <paramref name="resamples"/> resamples drawn with <paramref name="seed"/>.
    /// </summary>
    public static BiasEstimate Of(string label, IReadOnlyList<float[]> deltas, int resamples = 200, double level = 0.95, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        if (deltas.Count == 0)
        {
            throw new ArgumentException("A bias estimate needs at least one perturbation.", nameof(deltas));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 10);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval's level lies strictly between 0 and 1.");
        }

        int n = deltas.Count, values = deltas[0].Length;
        if (deltas.Any(d => d.Length != values))
        {
            throw new ArgumentException("Every perturbation must have the same number of values.", nameof(deltas));
        }

        var mean = new float[values];
        foreach (var d in deltas)
        {
            for (int i = 0; i < values; i++)
            {
                mean[i] += d[i] / n;
            }
        }

        var low = (float[])mean.Clone();
        var high = (float[])mean.Clone();
        if (n >= 2)
        {
            var random = new Random(seed);
            var means = new float[resamples, values];
            var sum = new double[values];
            for (int b = 0; b < resamples; b++)
            {
                Array.Clear(sum);
                for (int k = 0; k < n; k++)
                {
                    var d = deltas[random.Next(n)];
                    for (int i = 0; i < values; i++)
                    {
                        sum[i] += d[i];
                    }
                }

                for (int i = 0; i < values; i++)
                {
                    means[b, i] = (float)(sum[i] / n);
                }
            }

            var column = new float[resamples];
            double tail = (1 - level) / 2;
            for (int i = 0; i < values; i++)
            {
                for (int b = 0; b < resamples; b++)
                {
                    column[b] = means[b, i];
                }

                Array.Sort(column);
                low[i] = column[(int)Math.Floor(tail * (resamples - 1))];
                high[i] = column[(int)Math.Ceiling((1 - tail) * (resamples - 1))];
            }
        }

        return new BiasEstimate(label, n, mean, low, high);
    }
}
