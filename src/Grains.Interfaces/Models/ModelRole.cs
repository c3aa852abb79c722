namespace Orleans.Lse.Grains.Models;

/// <summary>What a model is for.</summary>
[GenerateSerializer, Alias("lse.ModelRole")]
public enum ModelRole
{
    /// <summary>The CNN classifier c.</summary>
    Cnn = 0,

    /// <summary>A VAE (encoder e, decoder g) of latent size d.</summary>
    Vae = 1,

    /// <summary>The paper's classifier: a head on the frozen encoder of the VAE of latent size d.</summary>
    VaeHead = 2,
}
