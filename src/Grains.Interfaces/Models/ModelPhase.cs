namespace Orleans.Lse.Grains.Models;

/// <summary>Where a model grain is in its life.</summary>
[GenerateSerializer, Alias("lse.ModelPhase")]
public enum ModelPhase
{
    NotStarted = 0,
    Training = 1,
    Ready = 2,
    Failed = 3,
}
