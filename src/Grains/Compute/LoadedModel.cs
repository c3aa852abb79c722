using Orleans.Lse.Core.Checkpoints;
using static TorchSharp.torch;

namespace Orleans.Lse.Grains.Compute;

/// <summary>A model in memory on this silo, with the checkpoint it came from.</summary>
public sealed record LoadedModel(nn.Module<Tensor, Tensor> Module, CheckpointMetadata Metadata, string CheckpointPath);
