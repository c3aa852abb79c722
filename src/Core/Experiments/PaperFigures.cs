namespace Orleans.Lse.Core.Experiments;

/// <summary>The paper's MNIST figures (sections 3.2.1 and 3.2.2): success rate and mean distance ||eps||.</summary>
public static class PaperFigures
{
    private static readonly Dictionary<(string Mode, int D), (double Rate, double Eps)> s_mnist = new()
    {
        [("LSE", 2)] = (0.7816, 0.10),
        [("LSE", 10)] = (0.9540, 0.217),
        [("LAE", 2)] = (0.2234, 0.52),
        [("LAE", 10)] = (0.9111, 1.53),
    };

    /// <summary>The paper's figures for <paramref name="dataset"/> by (mode, d), or null for a dataset it has none for (all but MNIST).</summary>
    public static Func<Search.SearchMode, int, (double Rate, double Eps)?>? For(string dataset) =>
        string.Equals(dataset, "mnist", StringComparison.OrdinalIgnoreCase) ? (mode, d) => Mnist(mode == Search.SearchMode.Lse ? "LSE" : "LAE", d) : null;

    /// <summary>The paper's figure for (mode "LSE"/"LAE", d) on MNIST, if it reports one.</summary>
    public static (double Rate, double Eps)? Mnist(string mode, int d) => s_mnist.TryGetValue((mode, d), out var f) ? f : null;
}
