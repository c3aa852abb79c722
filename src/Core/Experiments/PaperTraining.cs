using Orleans.Lse.Core.Training;

namespace Orleans.Lse.Core.Experiments;

/// <summary>How the paper's experiment trains its models, for <c>lse reproduce</c> and campaigns alike.</summary>
public static class PaperTraining
{
    /// <summary>The classifier (the CNN, or the head on a VAE's encoder): 5 epochs, Adam 3e-3, shifts of up to 2 pixels.</summary>
    public static TrainingOptions Classifier { get; } = new() { Epochs = 5, LearningRate = 3e-3, AugmentShift = 2 };

    /// <summary>The VAEs: 8 epochs, Adam 1e-3.</summary>
    public static TrainingOptions Vae { get; } = new() { Epochs = 8 };
}
