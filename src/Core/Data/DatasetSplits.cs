namespace Orleans.Lse.Core.Data;

/// <summary>
/// A loaded, verified dataset: its train and test sets and the checksums of the files they came from.
/// </summary>
/// <param name="Name">Dataset name, e.g. <c>mnist</c>.</param>
/// <param name="Train">The training images.</param>
/// <param name="Test">The test images.</param>
/// <param name="Checksum">
/// Lowercase hex SHA-256 over the four content checksums concatenated in the order
/// train-images, train-labels, test-images, test-labels; it identifies the exact data.
/// </param>
/// <param name="FileChecksums">Content SHA-256 of each file, keyed by base name (e.g. <c>train-images-idx3-ubyte</c>).</param>
public sealed record DatasetSplits(
    string Name,
    ImageSet Train,
    ImageSet Test,
    string Checksum,
    IReadOnlyDictionary<string, string> FileChecksums)
{
    /// <summary>Class names by label for a known dataset; null where labels are shown as numbers.</summary>
    public IReadOnlyList<string>? ClassNames => KnownDatasets.ClassNames(Name);
}
