using Orleans.Lse.Core.Search;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>The contracts' mode as the core's.</summary>
public static class CampaignModeExtensions
{
    public static SearchMode ToSearchMode(this CampaignMode mode) => mode == CampaignMode.Lae ? SearchMode.Lae : SearchMode.Lse;
}
