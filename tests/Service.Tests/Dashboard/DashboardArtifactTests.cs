using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// A campaign's pictures and files through the server with the API key set: served with the key or a signed-in browser,
/// refused without; every path that tries to leave the campaign's folder refused (a traversal per route, a link); the
/// pages behind the sign-in form, which checks anti-forgery and only sends people back to this server's pages.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(DashboardHostCollection.Name)]
public sealed partial class DashboardArtifactTests(DashboardHostFixture host)
{
    private const string ImagesSpec = """
        { "name": "artifacts", "latentSizes": [2], "modes": ["lae"], "laeImages": 1, "testLimit": 200,
          "trainingEpochs": 1, "trainLimit": 1000, "blockSize": 9, "searchOverrides": "budget=20" }
        """;

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _campaign;

    [Fact]
    public async Task ASearchsPicturesAndFilesAreServedWithTheKeyAndRefusedWithout()
    {
        string id = await Campaign();
        var results = await host.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/results");
        var first = results[0];
        string search = $"/api/campaigns/{id}/searches/lae/2/{first.GetProperty("image").GetInt32()}/{first.GetProperty("target").GetInt32()}";

        using var withoutKey = await host.Http.GetAsync(search + "/x.png");
        await DashboardCalls.AssertProblem(withoutKey, HttpStatusCode.Unauthorized, "API key");

        var view = await Get(search);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        string json = await view.Content.ReadAsStringAsync();
        Assert.DoesNotContain(host.DataDirectory, json, StringComparison.Ordinal); // addresses on the server, not paths on its disk
        var images = JsonDocument.Parse(json).RootElement.GetProperty("images");
        foreach (string kind in new[] { "x", "xprime", "delta" })
        {
            using var image = await Get(images.GetProperty(kind).GetString()!);
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await image.Content.ReadAsByteArrayAsync())[..4]);
        }

        using var list = await Get($"/api/campaigns/{id}/artifacts");
        var files = await list.Content.ReadFromJsonAsync<JsonElement>();
        var paths = files.EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToArray();
        Assert.Contains(paths, p => p.StartsWith("images/lae-d2/", StringComparison.Ordinal) && p.EndsWith(".x.png", StringComparison.Ordinal));
        using var file = await Get($"/api/campaigns/{id}/artifacts/{paths[0]}");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);

        using var unknown = await Get($"/api/campaigns/{id}/searches/lae/2/99999/1");
        await DashboardCalls.AssertProblem(unknown, HttpStatusCode.NotFound, "no finished search");
    }

    [Fact]
    public async Task TheModelsPageReadsEachModelOfTheCampaignWithItsChecksum()
    {
        string id = await Campaign();
        var campaign = host.Client.GetGrain<Orleans.Lse.Grains.Campaigns.IExperimentGrain>(id);
        var status = await campaign.GetStatus();
        var models = await campaign.GetModels();
        Assert.Equal(status.ModelChecksums.Keys.Order(), models.Select(m => m.Id).Order());
        Assert.All(models, m =>
        {
            Assert.Equal(Orleans.Lse.Grains.Models.ModelPhase.Ready, m.Phase);
            Assert.Equal(status.ModelChecksums[m.Id], m.WeightsSha256);
        });
    }

    [Theory]
    [InlineData("/api/campaigns/{id}/artifacts/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/campaigns/{id}/artifacts/images/..%2F..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/campaigns/{id}/artifacts/%2Fetc%2Fpasswd")]
    [InlineData("/api/campaigns/{id}/artifacts/images%5C..%5C..%5Cetc%5Cpasswd")]
    [InlineData("/api/campaigns/..%2F..%2F..%2Fetc/artifacts/passwd")]
    [InlineData("/api/campaigns/{id}/searches/lae/2/0/1/..%2F..%2F..%2Fetc%2Fpasswd.png")]
    [InlineData("/api/campaigns/{id}/searches/..%2F..%2F/2/0/1/x.png")]
    [InlineData("/api/campaigns/..%2F..%2F/searches/lae/2/0/1/x.png")]
    public async Task APathOutOfTheCampaignsFolderIsRefused(string template)
    {
        string id = await Campaign();
        using var response = await Get(template.Replace("{id}", id, StringComparison.Ordinal));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{template}: {(int)response.StatusCode} {body}");
        Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkInTheCampaignsFolderIsNotFollowed()
    {
        string id = await Campaign();
        string folder = Path.Combine(host.DataDirectory, "campaigns", id);
        string secret = Path.Combine(host.DataDirectory, "secret.txt");
        await File.WriteAllTextAsync(secret, "not for the web");
        File.CreateSymbolicLink(Path.Combine(folder, "leak.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(folder, "outside"), host.DataDirectory);

        foreach (string path in new[] { "leak.txt", "outside/secret.txt" })
        {
            using var response = await Get($"/api/campaigns/{id}/artifacts/{path}");
            await DashboardCalls.AssertProblem(response, HttpStatusCode.BadRequest, "link");
        }

        using var list = await Get($"/api/campaigns/{id}/artifacts");
        Assert.DoesNotContain("secret", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAKeyThePagesNeedASignInThatChecksAntiForgeryAndStaysOnThisServer()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = host.Http.BaseAddress };

        using var home = await browser.GetAsync("/gallery?x=1");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/login?returnUrl=%2Fgallery%3Fx%3D1", home.Headers.Location?.OriginalString);
        using var orleans = await browser.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.Unauthorized, orleans.StatusCode);
        using var hub = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);

        // No anti-forgery token: refused, even with the right key.
        using var forged = await browser.PostAsync("/login", new FormUrlEncodedContent([new("key", DashboardHostFixture.ApiKey)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        using var wrong = await SignIn(browser, "not-the-key-0123456789", "/");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("not the service's API key", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Sent back only to this server's own pages.
        foreach (string away in new[] { "//evil.example/", "/\\evil.example/", "/\t/evil.example/", "https://evil.example/" })
        {
            using var elsewhere = await SignIn(browser, DashboardHostFixture.ApiKey, away);
            Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
            Assert.Equal("/", elsewhere.Headers.Location?.OriginalString);
        }

        using var page = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1>Campaigns</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var orleansSignedIn = await browser.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, orleansSignedIn.StatusCode);

        // The cookie lets a page's pictures load; it does not make changes through the API.
        string id = await Campaign();
        using var files = await browser.GetAsync($"/api/campaigns/{id}/artifacts");
        Assert.Equal(HttpStatusCode.OK, files.StatusCode);
        using var pause = await browser.PostAsync($"/api/campaigns/{id}/pause", new StringContent("", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, pause.StatusCode);
    }

    private static async Task<HttpResponseMessage> SignIn(HttpClient browser, string key, string returnUrl)
    {
        string form = await browser.GetStringAsync("/login");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "The sign-in form has no anti-forgery field:\n" + form);
        return await browser.PostAsync("/login", new FormUrlEncodedContent(
            [new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("key", key), new("returnUrl", returnUrl)]));
    }

    private async Task<HttpResponseMessage> Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        return await host.Http.SendAsync(request);
    }

    /// <summary>One campaign with pictures, shared by these tests (it takes a few seconds to train and run).</summary>
    private async Task<string> Campaign()
    {
        await Once.WaitAsync();
        try
        {
            if (_campaign is null)
            {
                using var created = await DashboardCalls.Post(host.Http, "/api/campaigns", ImagesSpec);
                string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                await DashboardCalls.WaitForPhase(host.Http, id, "completed");
                _campaign = id;
            }

            return _campaign;
        }
        finally
        {
            Once.Release();
        }
    }

    [GeneratedRegex("""<input type="hidden" name="([^"]+)" value="([^"]+)">""")]
    private static partial Regex AntiforgeryField();
}
