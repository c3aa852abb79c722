namespace Orleans.Lse.Client.Campaigns;

/// <summary>The addresses of this process's dashboard pages, for links from files it writes (a report to its campaign's page).</summary>
public interface IDashboardLinks
{
    /// <summary>The campaign's page, or null when this process serves no dashboard a browser could reach by that address.</summary>
    Uri? CampaignPage(string campaignId);
}
