using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Lse.Silo.Benchmarks;

/// <summary>
/// Someone watching a benchmark campaign in the dashboard: the campaign's page loaded every second (a whole load, more
/// than a live page's update, which reads the same and sends only the changes), or also the campaigns list and the
/// gallery, and /metrics scraped every 5 s. Afterwards, the time each page takes to load with the finished campaign.
/// </summary>
internal sealed class DashboardViewer(IServiceProvider services, int pagesPerSecond) : IDisposable
{
    private static readonly TimeSpan PageEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ScrapeEvery = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new() { BaseAddress = new Uri(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), Timeout = TimeSpan.FromMinutes(2) };
    private int _loads;

    private static string[] Pages(string id) => [$"/campaigns/{id}", "/", $"/campaigns/{id}/gallery", $"/campaigns/{id}/gallery?mode=lae&success=true&page=3"];

    /// <summary>Loads the pages every second and scrapes /metrics every 5 s until <paramref name="stop"/>.</summary>
    public async Task Watch(string id, CancellationToken stop)
    {
        var lastScrape = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(PageEvery);
        try
        {
            do
            {
                foreach (var page in Pages(id)[..pagesPerSecond])
                {
                    (await _http.GetAsync(page, stop)).EnsureSuccessStatusCode();
                    _loads++;
                }

                if (lastScrape.Elapsed >= ScrapeEvery)
                {
                    (await _http.GetAsync("/metrics", stop)).EnsureSuccessStatusCode();
                    lastScrape.Restart();
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The campaign ended.
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Loads every page and /metrics 50 times (the JIT's tiers settle), then waits a moment for its background compiles.</summary>
    public async Task WarmUp(string id, CancellationToken cancellationToken)
    {
        for (int i = 0; i < 50; i++)
        {
            foreach (var page in Pages(id).Append("/metrics"))
            {
                (await _http.GetAsync(page, cancellationToken)).EnsureSuccessStatusCode();
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        _loads = 0;
    }

    /// <summary>Prints each page's load time (the server's whole rendering with the campaign's data; median of five).</summary>
    public async Task PrintPageLoads(string id, CancellationToken cancellationToken)
    {
        Console.WriteLine($"dashboard: {_loads} page loads while the campaign ran; page load with the finished campaign (server rendering, median of 5):");
        foreach (var page in Pages(id))
        {
            var times = new List<double>();
            long bytes = 0;
            for (int i = 0; i < 6; i++)
            {
                long started = Stopwatch.GetTimestamp();
                var body = await _http.GetByteArrayAsync(page, cancellationToken);
                if (i > 0)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds); // the first one warms the results cache
                }

                bytes = body.Length;
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {page,-60} {times[times.Count / 2],8:F1} ms  {bytes / 1024.0,7:F1} KiB (fastest {times[0],6:F1} ms)"));
        }
    }
}
