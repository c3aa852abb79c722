namespace Orleans.Lse.Core.UserModels;

/// <summary>What a user's encoder returns.</summary>
public enum EncoderOutput
{
    /// <summary>One tensor [N, d]: the mean (or a deterministic code).</summary>
    Mean,

    /// <summary>A tuple (mean [N, d], log-variance [N, d]), as a VAE's encoder; the search uses the mean.</summary>
    MeanLogVar,
}
