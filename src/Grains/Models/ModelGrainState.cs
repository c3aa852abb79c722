using Orleans.Lse.Grains.Models;

namespace Orleans.Lse.Grains.Models;

/// <summary>What a model grain persists. Field ids are stable: stored state must load after upgrades.</summary>
[GenerateSerializer, Alias("lse.ModelGrainState")]
public sealed class ModelGrainState
{
    [Id(0)] public ModelSpec? Spec { get; set; }
    [Id(1)] public ModelPhase Phase { get; set; }
    [Id(2)] public Dictionary<string, double> Metrics { get; set; } = [];
    [Id(3)] public string? CheckpointPath { get; set; }
    [Id(4)] public string? WeightsSha256 { get; set; }
    [Id(5)] public string? Error { get; set; }

    /// <summary>Who waits for the model: campaign ids, and "" for a caller that named none. Training stops when none is left.</summary>
    [Id(6)] public HashSet<string> Requesters { get; set; } = [];
}
