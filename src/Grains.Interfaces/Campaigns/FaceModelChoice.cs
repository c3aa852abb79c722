namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// The face models of a campaign on CelebA (<see cref="CampaignSpec.DatasetKind"/> celeba): the generative model at each of
/// the spec's latent sizes and the trait network over the spec's traits, trained on the images at this size.
/// </summary>
[GenerateSerializer, Alias("lse.FaceModelChoice")]
public sealed record FaceModelChoice
{
    /// <summary>vaegan (the paper's VAE-GAN, default) or vae (a convolutional VAE).</summary>
    [Id(0)] public string Kind { get; init; } = "vaegan";

    /// <summary>The VAE-GAN's width: channels of its first layer (the paper: 64).</summary>
    [Id(1)] public int Width { get; init; } = 64;

    /// <summary>Side of the square images the models see (the paper: 64).</summary>
    [Id(2)] public int ImageSize { get; init; } = 64;

    /// <summary>Side of the centre square taken before resizing (0 = the short side).</summary>
    [Id(3)] public int Crop { get; init; }

    /// <summary>Images per training step of both models.</summary>
    [Id(4)] public int BatchSize { get; init; } = 64;
}
