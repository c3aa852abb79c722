namespace Orleans.Lse.Core.Checkpoints;

/// <summary>A checkpoint is missing, corrupt, or does not match what was asked for. The message names the file.</summary>
public sealed class CheckpointException(string path, string problem, Exception? inner = null)
    : Exception($"Checkpoint '{path}': {problem}", inner)
{
    /// <summary>The checkpoint file at fault.</summary>
    public string FilePath { get; } = path;

    /// <summary>What is wrong, without the file's name.</summary>
    public string Problem { get; } = problem;
}
