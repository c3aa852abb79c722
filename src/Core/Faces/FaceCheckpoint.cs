using Orleans.Lse.Core.Checkpoints;

namespace Orleans.Lse.Core.Faces;

/// <summary>A face model with its metadata, where it is stored, and whether it was loaded (true) or trained now.</summary>
public sealed record FaceCheckpoint<T>(T Model, CheckpointMetadata Metadata, string Path, bool Loaded);
