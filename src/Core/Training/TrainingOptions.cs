namespace Orleans.Lse.Core.Training;

/// <summary>Options of one training run. Defaults suit MNIST-sized data on a small CPU.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set. Default 3.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Mini-batch size. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of initialisation, shuffling and dropout. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Random translation of up to this many pixels per training image (classifiers only). Default 0.</summary>
    public int AugmentShift { get; init; }

    /// <summary>Use only the first N training images (0 = all); for tests and quick looks.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"Training option Epochs must be >= 1 (got {Epochs}).", nameof(Epochs));
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"Training option BatchSize must be >= 1 (got {BatchSize}).", nameof(BatchSize));
        }

        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
        {
            throw new ArgumentException($"Training option LearningRate must be a finite number > 0 (got {LearningRate}).", nameof(LearningRate));
        }

        if (AugmentShift is < 0 or > 8)
        {
            throw new ArgumentException($"Training option AugmentShift must be in 0..8 pixels (got {AugmentShift}).", nameof(AugmentShift));
        }

        if (TrainLimit < 0)
        {
            throw new ArgumentException($"Training option TrainLimit must be >= 0 (got {TrainLimit}).", nameof(TrainLimit));
        }
    }
}
