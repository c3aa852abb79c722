using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Service.Tests.Resume;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// deploy/'s Prometheus configuration and Grafana board against the real thing: Debian's Prometheus server scrapes a
/// silo process running a campaign with that configuration (its interval shortened), the project's series come back
/// through Prometheus' query API, and every query of the board runs there and names only metrics the silo exports.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed partial class PrometheusServerTests
{
    // The improved search: LSE at d = 2 succeeds on most images (so ||eps|| has a histogram); LAE at d = 2 on few.
    private const string Spec = """
        { "name": "prometheus", "latentSizes": [2], "modes": ["lse", "lae"], "lseImages": 12, "laeImages": 2, "testLimit": 300,
          "search": "improved", "trainingEpochs": 1, "trainLimit": 2000, "blockSize": 8, "writeImages": false }
        """;

    [SkippableFact]
    public async Task PrometheusScrapesACampaignAndEveryBoardQueryRunsOnWhatItScraped()
    {
        string? prometheus = File.Exists("/usr/bin/prometheus") ? "/usr/bin/prometheus" : null;
        Skip.If(prometheus is null && Environment.GetEnvironmentVariable("CI") != "true", "Prometheus is not installed (Debian: apt-get install prometheus); CI installs it.");
        Assert.True(prometheus is not null, "prometheus is missing under CI=true: scripts/test.sh installs Debian's prometheus package for it.");
        string deploy = Path.Combine(Repository.Root, "deploy");
        string configuration = await File.ReadAllTextAsync(Path.Combine(deploy, "prometheus", "prometheus.yml"));
        Assert.Equal(0, Run("/usr/bin/promtool", "check", "config", Path.Combine(deploy, "prometheus", "prometheus.yml")).ExitCode);

        using var local = new LocalSilo("prometheus");
        using var silo = local.Start();
        var address = await silo.WaitForHttpAddress(TimeSpan.FromMinutes(2));

        // The deploy configuration as it is, pointed at this silo and scraping every second.
        string scratch = Path.Combine(local.DataDirectory, "prometheus");
        Directory.CreateDirectory(scratch);
        string config = Path.Combine(scratch, "prometheus.yml");
        await File.WriteAllTextAsync(config, configuration.Replace("127.0.0.1:5080", $"127.0.0.1:{address.Port}", StringComparison.Ordinal).Replace("15s", "1s", StringComparison.Ordinal));
        int port = LocalPorts.Free();
        using var server = Process.Start(new ProcessStartInfo(prometheus!,
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(scratch, "data")}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var serverLog = new StringBuilder();
        server.ErrorDataReceived += (_, e) => { lock (serverLog) { serverLog.AppendLine(e.Data); } };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        try
        {
            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            using var service = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
            string ServerLog() { lock (serverLog) { return "Prometheus: " + serverLog; } }
            await Probe.Until("start", "Prometheus", "ready", async () => await Ready(query), TimeSpan.FromMinutes(1),
                () => server.HasExited ? "Prometheus exited" : null, ServerLog);

            using var created = await service.PostAsync("/api/campaigns", new StringContent(Spec, Encoding.UTF8, "application/json"));
            string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await DashboardCalls.WaitForPhase(service, id, "completed");

            // What Prometheus scraped: the project's series, with their labels, through its query API.
            string[] wanted = ["lse_searches_started_total", "lse_searches_succeeded_total", "lse_eps_norm_bucket", "lse_campaign_searches_done", "lse_executor_batch_size_bucket"];
            string[] names = [];
            await Probe.Until("after the campaign", "Prometheus' metric names", string.Join(", ", wanted), async () =>
            {
                names = [.. (await query.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values")).GetProperty("data").EnumerateArray().Select(n => n.GetString()!)];
                return wanted.All(names.Contains);
            }, TimeSpan.FromMinutes(1), () => server.HasExited ? "Prometheus exited" : null, () => $"names: {string.Join(", ", names.Where(n => n.StartsWith("lse", StringComparison.Ordinal)))}; targets: {query.GetStringAsync("/api/v1/targets").GetAwaiter().GetResult()}");
            var started = await Query(query, "sum by (mode, d) (lse_searches_started_total)");
            Assert.Equal(["lae/2", "lse/2"], started.EnumerateArray().Select(s => $"{s.GetProperty("metric").GetProperty("mode").GetString()}/{s.GetProperty("metric").GetProperty("d").GetString()}").Order());
            var campaign = await Query(query, $"max(max_over_time(lse_campaign_searches_done{{campaign=\"{id}\"}}[5m]))");
            Assert.True(campaign.GetArrayLength() == 1, $"Prometheus has no progress series of campaign {id}.");

            // Every query of the board: valid PromQL that Prometheus answers, naming only metrics it scraped from the silo.
            var board = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(deploy, "grafana", "orleans-lse.json"))).RootElement;
            var expressions = board.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToArray();
            Assert.True(expressions.Length >= 8, $"The board has {expressions.Length} queries.");
            foreach (string expression in expressions)
            {
                foreach (Match metric in MetricName().Matches(expression))
                {
                    Assert.True(names.Contains(metric.Value), $"The board's query '{expression}' names {metric.Value}, which the silo does not export.");
                }

                await Query(query, expression.Replace("$__rate_interval", "5m", StringComparison.Ordinal));
            }
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    /// <summary>Whether Prometheus answers /-/ready (false while it is not yet listening).</summary>
    private static async Task<bool> Ready(HttpClient prometheus)
    {
        try
        {
            using var ready = await prometheus.GetAsync("/-/ready");
            return ready.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<JsonElement> Query(HttpClient prometheus, string expression)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/query?query=" + Uri.EscapeDataString(expression));
        Assert.True(answer.GetProperty("status").GetString() == "success", $"Prometheus refused '{expression}': {answer}");
        return answer.GetProperty("data").GetProperty("result");
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {output}");
        return (process.ExitCode, output);
    }


    [GeneratedRegex(@"\b(lse|orleans)_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
