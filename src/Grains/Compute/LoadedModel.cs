using Orleans.Lse.Core.Checkpoints;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>
/// A model in memory on this silo: its weights' SHA-256 (a checkpoint's, or a user model's files with its manifest),
/// its metrics, where it came from, and the checkpoint's metadata for the models this service trains.
/// </summary>
public sealed record LoadedModel(nn.Module<Tensor, Tensor> Module, string WeightsSha256, IReadOnlyDictionary<string, double> Metrics, string CheckpointPath, CheckpointMetadata? Metadata = null)
{
    public static LoadedModel From(nn.Module<Tensor, Tensor> module, CheckpointMetadata metadata, string checkpointPath) =>
        new(module, metadata.WeightsSha256, metadata.Metrics, checkpointPath, metadata);
}
