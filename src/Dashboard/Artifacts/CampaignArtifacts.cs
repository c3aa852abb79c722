using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Artifacts;

/// <summary>
/// A campaign's files on the shared data directory (<c>campaigns/ID/</c>): its images, galleries and exports. Every path
/// is resolved here and only inside the campaign's own folder: no "..", no rooted path, no link anywhere on the way.
/// </summary>
public sealed class CampaignArtifacts(IOptions<LseClusterOptions> cluster)
{
    /// <summary>Most files a listing returns.</summary>
    public const int MaxListed = 10_000;

    /// <summary>What a search's three pictures are called on disk (x, x' and x' - x).</summary>
    public static IReadOnlyList<string> ImageKinds { get; } = ["x", "xprime", "delta"];

    /// <summary>The campaign's folder, or null for an id that is not a campaign id.</summary>
    public string? Root(string campaignId) => CampaignIds.IsValidId(campaignId)
        ? Path.GetFullPath(Path.Combine(cluster.Value.DataDirectory, "campaigns", campaignId))
        : null;

    /// <summary>The relative path of a search's picture, as the search's batch wrote it.</summary>
    public static string ImagePath(CampaignMode mode, int latentSize, int image, int target, string kind, string? trait = null) =>
        $"images/{SliceNames.Of(mode, latentSize, trait)}/{image}-{target}.{kind}.png";

    /// <summary>The file at <paramref name="relativePath"/> inside the campaign's folder, or why not.</summary>
    public ArtifactLookup Resolve(string campaignId, string? relativePath)
    {
        if (Root(campaignId) is not { } root)
        {
            return ArtifactLookup.Refused($"'{CampaignIds.Shown(campaignId)}' is not a campaign id.");
        }

        if (string.IsNullOrEmpty(relativePath) || relativePath.Length > 512 || relativePath.Contains('\\') || relativePath.Contains('\0')
            || Path.IsPathRooted(relativePath) || relativePath.Split('/').Any(s => s is "" or "." or ".."))
        {
            return ArtifactLookup.Refused($"'{CampaignIds.Shown(relativePath)}' is not a path inside the campaign's folder (no '..', '.', empty or rooted parts).");
        }

        string full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return ArtifactLookup.Refused($"'{CampaignIds.Shown(relativePath)}' leads outside the campaign's folder.");
        }

        // A link could lead anywhere on the silo's disk: none is followed, on the file or any folder between.
        for (string? at = full; at is not null && at.Length >= root.Length; at = Path.GetDirectoryName(at))
        {
            var info = new FileInfo(at);
            if (info.Exists || Directory.Exists(at))
            {
                if (info.LinkTarget is not null || new DirectoryInfo(at).LinkTarget is not null)
                {
                    return ArtifactLookup.Refused($"'{CampaignIds.Shown(relativePath)}' passes through a link; links are not served.");
                }
            }
        }

        return File.Exists(full) ? ArtifactLookup.Found(full) : ArtifactLookup.Missing($"The campaign has no file '{CampaignIds.Shown(relativePath)}'.");
    }

    /// <summary>The campaign's files (relative paths with '/', sizes), links skipped; null for an unknown folder.</summary>
    public ArtifactFile[]? List(string campaignId)
    {
        if (Root(campaignId) is not { } root || !Directory.Exists(root) || new DirectoryInfo(root).LinkTarget is not null)
        {
            return null;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return [.. new DirectoryInfo(root).EnumerateFiles("*", options)
            .Take(MaxListed)
            .Select(f => new ArtifactFile(Path.GetRelativePath(root, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f.Length, f.LastWriteTimeUtc))
            .OrderBy(f => f.Path, StringComparer.Ordinal)];
    }
}

/// <summary>One file of a campaign's folder.</summary>
public sealed record ArtifactFile(string Path, long Bytes, DateTime ModifiedUtc);

/// <summary>Where a requested artifact is, or why it is not served.</summary>
public sealed record ArtifactLookup(string? FullPath, bool IsRefused, string? Problem)
{
    public static ArtifactLookup Found(string path) => new(path, false, null);

    public static ArtifactLookup Refused(string problem) => new(null, true, problem);

    public static ArtifactLookup Missing(string problem) => new(null, false, problem);
}
