namespace Orleans.Lse.Grains.Compute;

/// <summary>The classifier's predictions on the test images, their labels, its class count, and the checksums of the models used.</summary>
[GenerateSerializer, Alias("lse.TestPredictions")]
public sealed record TestPredictions(
    [property: Id(0)] int[] Predictions,
    [property: Id(1)] int[] Labels,
    [property: Id(2)] string ClassifierSha256,
    [property: Id(3)] string VaeSha256,
    [property: Id(4)] int Classes);
