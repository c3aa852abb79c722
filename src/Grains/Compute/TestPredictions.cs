namespace Orleans.Lse.Grains.Compute;

/// <summary>The classifier's predictions on the test images, their labels, its class count, and the checksums of the models used.</summary>
public sealed record TestPredictions(int[] Predictions, int[] Labels, string ClassifierSha256, string VaeSha256, int Classes);
