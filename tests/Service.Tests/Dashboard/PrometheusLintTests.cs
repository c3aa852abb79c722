using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// /metrics after a campaign parses for Prometheus' own tool (<c>promtool check metrics</c>, Debian's <c>prometheus</c>
/// package) and the project's series pass its lint. Orleans' and the runtime's instruments carry lint notes of their own
/// (no help text, milliseconds): reported, not ours to rename.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
[Collection(DashboardHostCollection.Name)]
public sealed class PrometheusLintTests(DashboardHostFixture host)
{
    [SkippableFact]
    public async Task TheProjectsSeriesPassPromtool()
    {
        string? promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        Skip.If(promtool is null && Environment.GetEnvironmentVariable("CI") != "true", "promtool is not installed (Debian: apt-get install prometheus); CI installs it.");
        Assert.True(promtool is not null, "promtool is missing under CI=true: scripts/test.sh installs Debian's prometheus package for it.");

        // A campaign first, so that the project's counters and histograms have series.
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns")
        {
            Content = new StringContent("""{ "name": "metrics", "latentSizes": [2], "modes": ["lae"], "laeImages": 1, "testLimit": 100, "trainingEpochs": 1, "trainLimit": 1000, "blockSize": 9, "writeImages": false, "searchOverrides": "budget=20" }""", Encoding.UTF8, "application/json"),
        };
        submit.Headers.Add("X-Api-Key", DashboardHostFixture.ApiKey);
        using var created = await host.Http.SendAsync(submit);
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        string phase;
        while ((phase = (await host.Http.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}")).GetProperty("phase").GetString()!) != "completed")
        {
            Assert.True(DateTime.UtcNow < deadline && phase is not ("failed" or "cancelled"), $"Campaign {id} is {phase}, not completed.");
            await Task.Delay(100);
        }

        string metrics = await host.Http.GetStringAsync("/metrics");
        Assert.Contains("lse_searches_started", metrics, StringComparison.Ordinal);
        var info = new ProcessStartInfo(promtool!, ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        string report = await stdout + await stderr;

        // Exit 1 is a parse error (the exposition is broken); 3 is lint notes, which must not name our series.
        Assert.True(process.ExitCode is 0 or 3, $"promtool could not read /metrics (exit {process.ExitCode}): {report}");
        var ours = report.Split('\n').Where(line => line.StartsWith("lse_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, "promtool's notes on the project's series:\n" + string.Join("\n", ours));
    }
}
