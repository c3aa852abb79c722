using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orleans.Lse.Client.Campaigns;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// The REST API against a real silo host: submit (idempotent), watch, read results as JSON and CSV, the errors as
/// ProblemDetails (400 naming the field, 404 the id, 409, 413, 401 without the key), the OpenAPI document and /metrics.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(DashboardHostCollection.Name)]
public sealed class DashboardApiTests(DashboardHostFixture host)
{
    private const string TinySpec = """
        { "name": "api-tiny", "latentSizes": [2], "modes": ["lae"], "laeImages": 2, "testLimit": 200,
          "trainingEpochs": 1, "trainLimit": 1000, "blockSize": 9, "writeImages": false, "searchOverrides": "budget=20" }
        """;

    private HttpClient Http => host.Http;

    [Fact]
    public async Task ACampaignSubmittedOverHttpRunsToItsResults()
    {
        using var first = await Post("/api/campaigns", TinySpec, ("Idempotency-Key", "api-test-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>();
        string id = created.GetProperty("id").GetString()!;
        Assert.Equal($"/api/campaigns/{id}", first.Headers.Location?.OriginalString);

        // The same key again: the same campaign, not a second one.
        using var again = await Post("/api/campaigns", TinySpec, ("Idempotency-Key", "api-test-1"));
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());

        var status = await WaitForPhase(id, "completed");
        int total = status.GetProperty("progress").EnumerateArray().Sum(p => p.GetProperty("total").GetInt32());
        Assert.Equal(18, total); // 2 images x 9 other classes

        var results = await Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/results");
        Assert.Equal(total, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), r => Assert.Equal("lae", r.GetProperty("mode").GetString()));

        using var csv = await Http.GetAsync($"/api/campaigns/{id}/results?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CampaignResultsCsv.Header, lines[0]);
        Assert.Equal(total + 1, lines.Length);

        var list = await Http.GetFromJsonAsync<JsonElement>("/api/campaigns");
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        // A completed campaign cannot be paused: 409, in the campaign's words.
        using var pause = await Post($"/api/campaigns/{id}/pause", "");
        await AssertProblem(pause, HttpStatusCode.Conflict, "paused");

        // The campaign's searches reached the project's and Orleans' instruments.
        string metrics = await Http.GetStringAsync("/metrics");
        Assert.Contains("lse_searches_started", metrics, StringComparison.Ordinal);
        Assert.Contains("orleans_", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "latentSizes": [2, "ten"] }""", "latentSizes[1]")]
    [InlineData("""{ "latentSizes": [0] }""", "latentSizes[0]")]
    [InlineData("""{ "noSuchField": 1 }""", "noSuchField")]
    [InlineData("""{ "name": "x" """, "malformed")]
    [InlineData("null", "empty")]
    public async Task ABadSpecIsA400NamingTheField(string json, string named)
    {
        using var response = await Post("/api/campaigns", json);
        await AssertProblem(response, HttpStatusCode.BadRequest, named);
    }

    [Theory]
    [InlineData("/api/campaigns/no-such-campaign", "no-such-campaign")]
    [InlineData("/api/campaigns/..%2F..%2Fetc", "Unknown campaign")]
    [InlineData("/api/campaigns/no-such-campaign/results", "no-such-campaign")]
    public async Task AnUnknownOrInvalidIdIsA404(string path, string named)
    {
        using var response = await Http.GetAsync(path);
        await AssertProblem(response, HttpStatusCode.NotFound, named);
    }

    [Fact]
    public async Task AnUnknownIdCannotBeChangedEither()
    {
        using var response = await Post("/api/campaigns/no-such-campaign/cancel", "");
        await AssertProblem(response, HttpStatusCode.NotFound, "no-such-campaign");
    }

    [Fact]
    public async Task AnUnknownResultsFormatIsA400()
    {
        using var response = await Http.GetAsync("/api/campaigns/anything/results?format=xml");
        await AssertProblem(response, HttpStatusCode.BadRequest, "format");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnOversizedBodyIsA413(bool chunked)
    {
        string huge = "{ \"name\": \"" + new string('x', 200_000) + "\" }";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        // The server answers before reading the rest: without 100-continue the client may see the connection close instead.
        // (The client waits 1 s for the server's answer before sending the body anyway; a busy machine needs longer.)
        request.Headers.ExpectContinue = true;
        request.Headers.TransferEncodingChunked = chunked;
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        using var response = await patient.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "too large");
    }

    // A form or plain-text POST is what a page from anywhere can make the browser send. Submit declares JSON, so routing
    // refuses other bodies (ProblemDetails without a detail); the body-less changes are refused by a filter that says why.
    [Theory]
    [InlineData("/api/campaigns", "text/plain", "")]
    [InlineData("/api/campaigns", "application/x-www-form-urlencoded", "")]
    [InlineData("/api/campaigns/any/cancel", "text/plain", "application/json")]
    [InlineData("/api/campaigns/any/pause", "application/x-www-form-urlencoded", "application/json")]
    public async Task ChangesMustBeJson(string path, string contentType, string named)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(TinySpec, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        using var response = await Http.SendAsync(request);
        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, named);
    }

    [Theory]
    [InlineData("/api/campaigns")]
    [InlineData("/api/campaigns/any/pause")]
    [InlineData("/api/campaigns/any/resume")]
    [InlineData("/api/campaigns/any/cancel")]
    public async Task ChangesNeedTheApiKey(string path)
    {
        foreach (string? key in new[] { null, "wrong-key-0123456789" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(TinySpec, Encoding.UTF8, "application/json") };
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            using var response = await Http.SendAsync(request);
            await AssertProblem(response, HttpStatusCode.Unauthorized, "X-Api-Key");
        }

        // Reading needs no key.
        using var list = await Http.GetAsync("/api/campaigns");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryOperation()
    {
        var document = await Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (string path in new[] { "/api/campaigns", "/api/campaigns/{id}", "/api/campaigns/{id}/results", "/api/campaigns/{id}/pause", "/api/campaigns/{id}/resume", "/api/campaigns/{id}/cancel" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"The OpenAPI document has no path {path}; it has {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}.");
        }
    }

    private Task<HttpResponseMessage> Post(string path, string body, params (string Name, string Value)[] headers) => DashboardCalls.Post(Http, path, body, headers);

    private Task<JsonElement> WaitForPhase(string id, string phase) => DashboardCalls.WaitForPhase(Http, id, phase);

    private static Task AssertProblem(HttpResponseMessage response, HttpStatusCode code, string named) => DashboardCalls.AssertProblem(response, code, named);
}
