namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// What a campaign's slice (its mode, d and, in a CelebA campaign, its trait) is called in the files and folders that hold
/// its results: "lse-d8", "lae-d64-Male". Image folders, block galleries, the dashboard's links and the report all use it.
/// </summary>
public static class SliceNames
{
    /// <summary>The name of the slice of <paramref name="mode"/>, latent size <paramref name="latentSize"/> and <paramref name="trait"/> (none outside CelebA).</summary>
    public static string Of(CampaignMode mode, int latentSize, string? trait = null) =>
        $"{mode.ToString().ToLowerInvariant()}-d{latentSize.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(trait is null ? "" : "-" + trait)}";
}
