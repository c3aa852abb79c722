namespace Orleans.Lse.Core.Models;

/// <summary>The model families the core trains and loads.</summary>
public enum ModelKind
{
    /// <summary>Small convolutional classifier (the default classifier).</summary>
    Cnn,

    /// <summary>The paper's variant: a classifier head on a frozen VAE encoder.</summary>
    VaeHead,

    /// <summary>Variational auto-encoder with a latent size d.</summary>
    Vae,

    /// <summary>The face trait network: one logit per trait (CelebA).</summary>
    FaceTraits,

    /// <summary>Convolutional VAE: for RGB faces (built from a face checkpoint's metadata) or, from <see cref="ModelFactory"/>, for 28x28 grey images.</summary>
    ConvVae,

    /// <summary>VAE-GAN for RGB faces, its discriminator included.</summary>
    VaeGan,
}
