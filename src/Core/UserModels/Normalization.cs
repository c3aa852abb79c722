namespace Orleans.Lse.Core.UserModels;

/// <summary>Per-channel (v - mean) / std applied to the classifier's input, as torchvision's Normalize.</summary>
public sealed record Normalization(IReadOnlyList<float> Mean, IReadOnlyList<float> Std);
