using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>The HTTP calls the dashboard's tests share: a keyed POST, waiting for a phase, and the shape of a problem.</summary>
internal static class DashboardCalls
{
    public static async Task<HttpResponseMessage> Post(HttpClient http, string path, string body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonElement> WaitForPhase(HttpClient http, string id, string phase)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        JsonElement status;
        do
        {
            status = await http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}");
            string seen = status.GetProperty("phase").GetString()!;
            if (seen == phase)
            {
                return status;
            }

            Assert.True(seen is not ("failed" or "cancelled"), $"Campaign {id} ended {seen} while waiting for {phase}: {status}");
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Campaign {id} did not reach {phase} within 5 minutes; last status: {status}");
    }

    public static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode code, string named)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(code == response.StatusCode, $"Expected {(int)code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)code, problem.GetProperty("status").GetInt32());
        Assert.Contains(named, problem.TryGetProperty("detail", out var detail) ? detail.GetString() : "", StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal); // no stack trace
    }
}
