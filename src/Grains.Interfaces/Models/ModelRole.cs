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

    /// <summary>A registered user model's TorchScript classifier (<see cref="ModelSpec.UserModel"/>).</summary>
    UserClassifier = 3,

    /// <summary>A registered user model's TorchScript encoder and decoder, of latent size d.</summary>
    UserLatent = 4,

    /// <summary>One trait of the face trait network (<see cref="ModelSpec.Trait"/>) as a two-class classifier; the network is trained once for all its traits.</summary>
    FaceTrait = 5,

    /// <summary>A face generative model (VAE-GAN or convolutional VAE) of latent size d.</summary>
    FaceLatent = 6,

    /// <summary>A convolutional VAE (encoder e, decoder g) of latent size d, for the paper's datasets.</summary>
    ConvVae = 7,
}
