using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Lse.Tests;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// A campaign's report through the service: written on the cluster when asked with the key, its figures, bias heatmaps and
/// edge cases in the campaign's folder, every link of report.html resolving, and the page served with its files, behind
/// the key, with a policy that loads nothing from elsewhere.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(DashboardHostCollection.Name)]
public sealed class CampaignReportTests(DashboardHostFixture host)
{
    private const string Spec = """
        { "name": "report", "latentSizes": [2, 3], "modes": ["lse", "lae"], "lseImages": 8, "laeImages": 1, "testLimit": 300,
          "trainingEpochs": 3, "trainLimit": 3000, "blockSize": 16, "search": "improved", "searchOverrides": "budget=400,restarts=6,refine=10" }
        """;

    [Fact]
    public async Task AReportIsWrittenOnAskingAndServedWithItsFiles()
    {
        using var created = await DashboardCalls.Post(host.Http, "/api/campaigns", Spec);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await DashboardCalls.WaitForPhase(host.Http, id, "completed");

        using var withoutKey = await host.Http.PostAsync($"/api/campaigns/{id}/report", JsonContent.Create(new { }));
        await DashboardCalls.AssertProblem(withoutKey, HttpStatusCode.Unauthorized, "API key");
        Assert.Equal("none", (await host.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/report")).GetProperty("phase").GetString());

        using var started = await DashboardCalls.Post(host.Http, $"/api/campaigns/{id}/report", "{}");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var status = await WaitForReport(id);
        Assert.Equal("report/report.html", status.GetProperty("path").GetString());

        string folder = Path.Combine(host.DataDirectory, "campaigns", id, "report");
        // How many figures depends on which searches succeeded (CPU-dependent floats); the count must match what was drawn.
        Assert.Equal(Directory.GetFiles(Path.Combine(folder, "figures"), "*.png").Length, status.GetProperty("figures").GetInt32());
        string dashboard = new Uri(host.Http.BaseAddress!, $"/campaigns/{id}").ToString();
        Assert.Empty(ReportLinks.Broken(Path.Combine(folder, "report.html"), dashboard));
        Assert.Contains($"href=\"{dashboard}\"", File.ReadAllText(Path.Combine(folder, "report.html")), StringComparison.Ordinal);
        // Edge cases come from successful LSE searches: a set for each latent size that has some.
        var results = await host.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/results");
        var successes = results.EnumerateArray().Where(r => r.GetProperty("mode").GetString() == "lse" && r.GetProperty("success").GetBoolean())
            .GroupBy(r => r.GetProperty("latentSize").GetInt32()).ToDictionary(g => g.Key, g => g.Count());
        var solved = successes.Keys.Order().ToList();
        Assert.True(solved.Count > 0, "No LSE search succeeded at any latent size: the report has no edge cases to show.");
        // A bias heatmap needs two successes to average.
        foreach (var file in new[] { "figures/fig2-class-map.png", "figures/success-eps-vs-d.png" }
            .Concat(solved.SelectMany(d => new[] { $"edge-cases/d{d}/manifest.csv", $"edge-cases/d{d}/images-idx3-ubyte" }))
            .Concat(solved.Where(d => successes[d] >= 2).Select(d => $"figures/bias-lse-d{d}.png")))
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from the report's folder");
        }

        using var page = await Get($"/campaigns/{id}/report/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("Campaign " + id, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var figure = await Get($"/campaigns/{id}/report/figures/fig2-class-map.png");
        Assert.Equal("image/png", figure.Content.Headers.ContentType?.MediaType);
        using var manifest = await Get($"/campaigns/{id}/report/edge-cases/d{solved[0]}/manifest.csv");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.StartsWith("file,search_id", await manifest.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var anonymous = await host.Http.GetAsync($"/campaigns/{id}/report/");
        // Without the key: refused, or sent to sign in; never the report.
        Assert.DoesNotContain("Campaign " + id, await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(anonymous.StatusCode != HttpStatusCode.OK || anonymous.RequestMessage!.RequestUri!.AbsolutePath == "/login", $"{anonymous.StatusCode} at {anonymous.RequestMessage!.RequestUri}");
        using var escape = await Get($"/campaigns/{id}/report/..%2F..%2Fstate.db");
        Assert.Contains(escape.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
        using var unknown = await DashboardCalls.Post(host.Http, "/api/campaigns/no-such-campaign/report", "{}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<JsonElement> WaitForReport(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        JsonElement status;
        do
        {
            status = await host.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/report");
            string phase = status.GetProperty("phase").GetString()!;
            if (phase == "done")
            {
                return status;
            }

            Assert.True(phase == "writing", $"The report of {id} ended {phase}: {status}");
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The report of {id} was not written within 5 minutes; last status {status}");
    }

    private async Task<HttpResponseMessage> Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        return await host.Http.SendAsync(request);
    }
}
