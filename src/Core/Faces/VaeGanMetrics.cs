namespace Orleans.Lse.Core.Faces;

/// <summary>A trained VAE-GAN's test figures.</summary>
/// <param name="ReconstructionMse">Mean squared error of g(e(x)) against x (pixels in [0, 1]).</param>
/// <param name="DiscriminatorAccuracy">Share of test images judged real and of as many prior samples g(z), z ~ N(0, I), judged fake.</param>
public sealed record VaeGanMetrics(double ReconstructionMse, double DiscriminatorAccuracy);
