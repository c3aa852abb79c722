namespace Orleans.Lse.Core.Training;

/// <summary>Test-set metrics of a VAE, per image in nats.</summary>
/// <param name="Reconstruction">Bernoulli reconstruction loss (binary cross-entropy summed over pixels).</param>
/// <param name="Kl">KL divergence of the posterior from N(0, I).</param>
/// <param name="Elbo">Evidence lower bound: -(Reconstruction + Kl).</param>
public sealed record VaeMetrics(double Reconstruction, double Kl, double Elbo);
