using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Orleans.Lse.Client.Campaigns;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>The dashboard's pages at the first address Kestrel listens on (after a port 0 is bound); none on a wildcard address.</summary>
internal sealed class ServerDashboardLinks(IServer server) : IDashboardLinks
{
    public Uri? CampaignPage(string campaignId)
    {
        ArgumentNullException.ThrowIfNull(campaignId);
        foreach (string address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Port > 0
                && uri.Host is not ("0.0.0.0" or "[::]" or "::" or "*" or "+"))
            {
                return new Uri(uri, $"/campaigns/{Uri.EscapeDataString(campaignId)}");
            }
        }

        return null;
    }
}
