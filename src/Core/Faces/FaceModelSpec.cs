using Orleans.Lse.Core.Models;

namespace Orleans.Lse.Core.Faces;

/// <summary>Which face model: its kind, latent size (0 for the trait network), width (the VAE-GAN's; else 0) and traits (the trait network's; else empty).</summary>
public sealed record FaceModelSpec(ModelKind Kind, int LatentSize = 0, int Width = 0)
{
    /// <summary>The trait network's traits, in the order of its logits.</summary>
    public IReadOnlyList<string> Traits { get; init; } = [];

    /// <summary>The trait network for <paramref name="traits"/>.</summary>
    public static FaceModelSpec TraitNet(IReadOnlyList<string> traits) => new(ModelKind.FaceTraits) { Traits = [.. traits] };
}
