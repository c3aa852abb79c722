namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// The classifier's predictions on the test images, their labels, its class count, the checksums of the models used and
/// the SHA-256 of the images (pixels and labels) they were computed on.
/// </summary>
[GenerateSerializer, Alias("lse.TestPredictions")]
public sealed record TestPredictions(
    [property: Id(0)] int[] Predictions,
    [property: Id(1)] int[] Labels,
    [property: Id(2)] string ClassifierSha256,
    [property: Id(3)] string VaeSha256,
    [property: Id(4)] int Classes,
    [property: Id(5)] string? DataSha256 = null);
