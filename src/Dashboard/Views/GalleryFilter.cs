using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Views;

/// <summary>The gallery's filters (null: any) and its paging.</summary>
public sealed record GalleryFilter
{
    public const int PageSize = 24;

    public CampaignMode? Mode { get; init; }

    public int? LatentSize { get; init; }

    public int? TrueClass { get; init; }

    /// <summary>The target class (LAE) or, for LSE, the class the search was pushed to (its true class).</summary>
    public int? Target { get; init; }

    public bool? Success { get; init; }

    /// <summary>A CelebA campaign's trait.</summary>
    public string? Trait { get; init; }

    /// <summary>Zero-based page.</summary>
    public int Page { get; init; }

    /// <summary>The searches that pass, in the campaign's order.</summary>
    public IEnumerable<FinishedSearch> Apply(IEnumerable<FinishedSearch> results) => results.Where(r =>
        (Mode is null || r.Mode == Mode) && (LatentSize is null || r.LatentSize == LatentSize) && (TrueClass is null || r.TrueLabel == TrueClass)
        && (Target is null || r.Target == Target) && (Success is null || r.Success == Success) && (Trait is null || r.Trait == Trait));

    /// <summary>One page of the filtered searches, the number that passed, and the number of pages.</summary>
    public (FinishedSearch[] Items, int Matching, int Pages) PageOf(IReadOnlyList<FinishedSearch> results)
    {
        var matching = Apply(results).ToList();
        int pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        int page = Math.Clamp(Page, 0, pages - 1);
        return ([.. matching.Skip(page * PageSize).Take(PageSize)], matching.Count, pages);
    }
}
