namespace Orleans.Lse.Core.Search;

/// <summary>The update rule for the latent perturbation eps.</summary>
public enum EpsOptimizer
{
    /// <summary>The paper's plain gradient descent, eps -= lambda * grad (equation 2).</summary>
    GradientDescent,

    /// <summary>Heavy-ball momentum on eps.</summary>
    Momentum,

    /// <summary>Adam on eps (per-search moments; reset at each restart).</summary>
    Adam,
}
