using System.Net;
using System.Text.RegularExpressions;
using Orleans.Lse.Service.Tests.Resume;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// <c>lse-silo dashboard</c>: the dashboard as a client of a cluster whose silo serves no HTTP of its own: the pages,
/// the API and the cluster's silo through the gateway.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class DashboardClientHostTests
{
    [Fact]
    public async Task TheDashboardServesACluster_FromAClientProcess()
    {
        using var local = new LocalSilo("dashboard-client");
        using var silo = local.Start("--Lse:Dashboard:Enabled=false");
        await silo.WaitForOutput("Recovery (silo start)", TimeSpan.FromMinutes(2));
        Assert.DoesNotContain("HTTP on", silo.Output, StringComparison.Ordinal);

        using var dashboard = SiloProcess.Start(
        [
            "dashboard",
            $"--Lse:Cluster:DataDirectory={local.DataDirectory}",
            $"--Lse:Cluster:GatewayPort={local.GatewayPort}",
            "--Lse:Dashboard:Urls=http://127.0.0.1:0",
        ]);
        using var http = new HttpClient { BaseAddress = await dashboard.WaitForHttpAddress(TimeSpan.FromMinutes(2)), Timeout = TimeSpan.FromMinutes(1) };

        Assert.Equal("[]", await http.GetStringAsync("/api/campaigns"));
        string campaigns = await http.GetStringAsync("/");
        Assert.Contains("No campaigns yet", campaigns, StringComparison.Ordinal);
        string cluster = await http.GetStringAsync("/cluster");
        Assert.Contains("silo-active", cluster, StringComparison.Ordinal);
        Assert.Contains("no silo (this dashboard runs as a client)", cluster, StringComparison.Ordinal);
        using var orleans = await http.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, orleans.StatusCode);
    }

}
