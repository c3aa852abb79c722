using Orleans.Lse.Dashboard.Artifacts;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>A search's record as the API shows it: its pictures as addresses on this server, not paths on the silo's disk.</summary>
public sealed record SearchView(
    string Campaign, string Mode, int LatentSize, int Image, int Target, int Ordinal, int TrueLabel, bool Success, int Steps, int TotalSteps,
    int Restarts, float EpsNorm, float LatentNorm, int InitialPrediction, int FinalPrediction, string StopReason, float[] Probabilities,
    DateTimeOffset CompletedUtc, IReadOnlyDictionary<string, string> Images, string? Trait = null)
{
    public static SearchView From(SearchRecord r)
    {
        var key = r.Key;
        string mode = key.Mode.ToString().ToLowerInvariant();
        var images = r.PerturbedImagePath is null
            ? new Dictionary<string, string>()
            : CampaignArtifacts.ImageKinds.ToDictionary(k => k, k => ImageUrl(key, k));
        return new SearchView(key.CampaignId, mode, key.LatentSize, key.Image, key.Target, r.Ordinal, r.TrueLabel, r.Success, r.Steps, r.TotalSteps,
            r.Restarts, r.EpsNorm, r.LatentNorm, r.InitialPrediction, r.FinalPrediction, r.StopReason, r.Probabilities, r.CompletedUtc, images, key.Trait);
    }

    /// <summary>The address of one of a search's pictures on this server.</summary>
    public static string ImageUrl(SearchKey key, string kind) =>
        $"/api/campaigns/{Uri.EscapeDataString(key.CampaignId)}/searches/{key.Mode.ToString().ToLowerInvariant()}/{key.LatentSize}/{key.Image}/{key.Target}/{kind}.png{TraitQuery(key.Trait)}";

    /// <summary>A CelebA campaign's search names its trait in the query ("?trait=Male"); others have none.</summary>
    public static bool IsTrait(string? trait) => trait is null || (trait.Length is > 0 and <= 64 && trait.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'));

    public static string TraitQuery(string? trait) => trait is null ? "" : "?trait=" + Uri.EscapeDataString(trait);
}
