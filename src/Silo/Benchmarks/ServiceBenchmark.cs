using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Core.Models;
using Orleans.Lse.Core.Search;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Dashboard.Hosting;
using Orleans.Lse.Grains.Hosting;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Silo.Benchmarks;

/// <summary>
/// <c>lse-silo benchmark</c>: a campaign's throughput through the grains (a silo in this process, SQLite storage,
/// search grains, PNGs if asked) beside the engine's own throughput on the same searches, blocks and models.
/// </summary>
internal static class ServiceBenchmark
{
    public static RootCommand Create()
    {
        var cache = new Option<string>("--cache") { Description = "Cache of datasets and model checkpoints ($LSE_CACHE or ./.cache).", DefaultValueFactory = _ => DatasetCatalog.DefaultCacheDirectory };
        var laeImages = new Option<int>("--lae-images") { Description = "Correct test images pushed to the 9 other classes.", DefaultValueFactory = _ => 100 };
        var latent = new Option<int[]>("--latent") { Description = "Latent sizes d (a slice each).", DefaultValueFactory = _ => [2], AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--training-epochs") { Description = "Training epochs of the campaign's models (0 = the paper's)." };
        var trainLimit = new Option<int>("--train-limit") { Description = "Training images of the campaign's models (0 = all)." };
        var grainsOnly = new Option<bool>("--grains-only") { Description = "Skip running the same searches on the engine alone afterwards." };
        var search = new Option<string>("--search") { Description = "paper, paper-mean or improved.", DefaultValueFactory = _ => "paper" };
        var overrides = new Option<string>("--overrides") { Description = "Search option overrides (key=value,...).", DefaultValueFactory = _ => "" };
        var block = new Option<int>("--block") { Description = "Searches per block.", DefaultValueFactory = _ => 256 };
        var images = new Option<bool>("--images") { Description = "Also write the per-search PNGs and block galleries (as campaigns do by default)." };
        var instant = new Option<bool>("--instant-engine") { Description = "Replace the engine with one that answers every search at once (a made-up success of the real shapes): what the grains and storage alone can carry." };
        var dashboard = new Option<bool>("--dashboard") { Description = "Serve the dashboard while the campaign runs, with a viewer loading the campaign's page every second and /metrics scraped every 5 s; afterwards, time each page's load." };
        var viewerPages = new Option<int>("--viewer-pages") { Description = "Pages the viewer loads each second (1: the campaign's; 2: and the list; 3: and the gallery).", DefaultValueFactory = _ => 1 };
        var command = new RootCommand("Campaign throughput through the grains beside the engine's own throughput, in one process.")
        {
            cache, laeImages, latent, epochs, trainLimit, search, overrides, block, images, instant, grainsOnly, dashboard, viewerPages,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = new CampaignSpec
            {
                Name = "service-benchmark",
                LatentSizes = parse.GetValue(latent)!,
                TrainingEpochs = parse.GetValue(epochs),
                TrainLimit = parse.GetValue(trainLimit),
                Modes = [CampaignMode.Lae],
                LaeImages = parse.GetValue(laeImages),
                Search = parse.GetValue(search)!,
                SearchOverrides = parse.GetValue(overrides)!,
                BlockSize = parse.GetValue(block),
                WriteImages = parse.GetValue(images),
            };
            try
            {
                CampaignSpecValidator.Validate(spec);
                if (spec.LatentSizes.Length != 1 && !parse.GetValue(instant) && !parse.GetValue(grainsOnly))
                {
                    throw new ArgumentException("The engine comparison takes one latent size; pass --grains-only for several.");
                }

                int pages = parse.GetValue(viewerPages);
                if (pages is < 1 or > 3)
                {
                    throw new ArgumentException($"--viewer-pages must be 1, 2 or 3 (got {pages}).");
                }

                await Run(parse.GetValue(cache)!, spec, parse.GetValue(instant), parse.GetValue(grainsOnly), parse.GetValue(dashboard) ? pages : 0, ct);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <param name="dashboard">Pages a viewer loads each second with the dashboard served; 0: no dashboard.</param>
    private static async Task Run(string cache, CampaignSpec spec, bool instant, bool grainsOnly, int dashboard, CancellationToken cancellationToken)
    {
        string work = Path.Combine(Path.GetTempPath(), "lse-service-benchmark-" + Guid.NewGuid().ToString("N")[..8]);
        IHostApplicationBuilder builder = dashboard > 0 ? WebApplication.CreateBuilder() : Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lse:Cluster:DataDirectory"] = work,
            ["Lse:Cluster:DatasetDirectory"] = Path.Combine(cache, "datasets"),
            ["Lse:Cluster:ModelDirectory"] = Path.Combine(cache, "models"),
            ["Lse:Cluster:SiloPort"] = LocalPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Lse:Cluster:GatewayPort"] = LocalPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Lse:Compute:Device"] = "cpu",
            ["Lse:Dashboard:Urls"] = "http://127.0.0.1:0",
        });
        if (instant)
        {
            builder.Services.AddSingleton<ISearchCompute>(services => new InstantSearchCompute(new EngineSearchCompute(services.GetRequiredService<ModelLibrary>())));
        }

        IHost host;
        if (builder is WebApplicationBuilder web)
        {
            web.UseOrleans(silo => silo.AddLseSilo().AddLseOrleansDashboard());
            web.AddLseDashboard();
            var app = web.Build();
            app.MapLseDashboard();
            host = app;
        }
        else
        {
            var plain = (HostApplicationBuilder)builder;
            plain.UseOrleans(silo => silo.AddLseSilo());
            host = plain.Build();
        }

        using var disposeHost = host;
        await host.StartAsync(cancellationToken);
        using DashboardViewer? viewer = dashboard > 0 ? new DashboardViewer(host.Services, dashboard) : null;
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var catalog = client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key);
            Console.WriteLine("Warming up (models load or train, JIT)...");
            var (warmUp, _, _) = await RunCampaign(client, catalog, spec with { Name = "warm-up", LaeImages = 2, BlockSize = 18 }, cancellationToken, viewer);
            if (viewer is not null)
            {
                // The pages' code compiled and tiered up before the measured campaign, as in a service that has run a while.
                await viewer.WarmUp(warmUp.Id, cancellationToken);
            }

            var executor = host.Services.GetRequiredService<SearchExecutor>();
            StatusLatencies.Clear();
            double busyBefore = executor.BusySeconds;
            var (status, wall, searchPhase) = await RunCampaign(client, catalog, spec, cancellationToken, viewer);
            double busy = executor.BusySeconds - busyBefore;
            string database = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LseClusterOptions>>().Value.ResolvedSqlitePath;
            if (instant || grainsOnly)
            {
                // The count from the status: reading back a million results only to count them would be a benchmark of its own.
                PrintGrainsOnly(spec, instant, status.Progress.Sum(p => p.Total), wall, searchPhase, busy);
                PrintProcessAndStorage(await StoredRows(database, status.Id));
                if (viewer is not null)
                {
                    await viewer.PrintPageLoads(status.Id, cancellationToken);
                }

                return;
            }

            var results = await client.GetGrain<IExperimentGrain>(status.Id).GetResults();

            // The engine alone: the same searches, in the same blocks, on the same models, in this process.
            var library = host.Services.GetRequiredService<ModelLibrary>();
            int d = spec.LatentSizes[0];
            var training = CampaignTraining.Resolve(spec);
            var classifierSpec = CampaignModels.Classifier(spec, training, d);
            var classifier = (ImageClassifier)library.Get(classifierSpec).Module;
            var engine = new LatentSearchEngine(classifier, (LatentModel)library.Get(CampaignModels.Vae(spec, training, d)).Module, library.Device);
            using var testImages = library.Test(classifierSpec, spec.TestLimit).ToTensor();
            // The slice's options and search ids, as the campaign's plan resolved them.
            var options = SearchPresets.Resolve(spec.Search, spec.SearchOverrides, spec.Seed, SearchMode.Lae, results.Length) with { MaxBatch = spec.BlockSize };
            var items = results.OrderBy(r => r.Ordinal).Select(r => SearchItem.Lae(ImageSelection.LaeId(r.Image, r.Target, classifier.ClassCount), r.Image, r.TrueLabel, r.Target)).ToList();
            var clock = Stopwatch.StartNew();
            int engineSuccesses = 0;
            for (int start = 0; start < items.Count; start += spec.BlockSize)
            {
                engineSuccesses += engine.Run(testImages, items.Skip(start).Take(spec.BlockSize).ToList(), options, cancellationToken: cancellationToken).Count(r => r.Success);
            }

            double engineSeconds = clock.Elapsed.TotalSeconds;
            int n = results.Length;
            Console.WriteLine();
            Console.WriteLine($"{n} LAE searches, d={d}, {spec.Search} search, blocks of {spec.BlockSize}, images {(spec.WriteImages ? "on" : "off")}, {Environment.ProcessorCount} cores");
            Console.WriteLine($"{"path",-34} {"seconds",8} {"searches/s",11} {"vs engine",10}");
            Console.WriteLine($"{"engine (blocks, one thread)",-34} {engineSeconds,8:F2} {n / engineSeconds,11:F1} {"100%",10}");
            Console.WriteLine($"{"grains, searching phase",-34} {searchPhase,8:F2} {n / searchPhase,11:F1} {engineSeconds / searchPhase,10:P0}");
            Console.WriteLine($"{"grains, submit to completed",-34} {wall,8:F2} {n / wall,11:F1} {engineSeconds / wall,10:P0}");
            Console.WriteLine($"executor busy {busy:F2} s of the campaign's {wall:F2} s ({busy / wall:P0}); planning included");
            PrintStatusLatency();
            Console.WriteLine($"successes: grains {results.Count(r => r.Success)}, engine {engineSuccesses} (same blocks, so they must match)");
            PrintProcessAndStorage(await StoredRows(database, status.Id));
            if (viewer is not null)
            {
                await viewer.PrintPageLoads(status.Id, cancellationToken);
            }
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // Leftover temporary files are harmless.
            }
        }
    }

    private static void PrintGrainsOnly(CampaignSpec spec, bool instant, int n, double wall, double searchPhase, double busy)
    {
        Console.WriteLine();
        string engine = instant ? "answered at once (no engine)" : $"{spec.Search} search";
        Console.WriteLine($"{n} LAE searches, d={string.Join(",", spec.LatentSizes)}, {engine}, blocks of {spec.BlockSize}, images {(spec.WriteImages ? "on" : "off")}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"path",-34} {"seconds",8} {"searches/s",11}");
        Console.WriteLine($"{"grains, searching phase",-34} {searchPhase,8:F2} {n / searchPhase,11:F0}");
        Console.WriteLine($"{"grains, submit to completed",-34} {wall,8:F2} {n / wall,11:F0}");
        Console.WriteLine($"executor busy {busy:F2} s of the campaign's {wall:F2} s ({busy / wall:P0}); planning included");
        PrintStatusLatency();
    }

    private static void PrintProcessAndStorage(string storedRows)
    {
        using var self = Process.GetCurrentProcess();
        Console.WriteLine($"process peak working set {self.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB, managed heap now {GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024):F0} MiB");
        Console.WriteLine("stored rows of the campaign: " + storedRows);
    }

    private static void PrintStatusLatency()
    {
        var sorted = StatusLatencies.OrderBy(s => s.Milliseconds).ToList();
        if (sorted.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"status calls while it ran: {sorted.Count}, median {sorted[sorted.Count / 2].Milliseconds:F1} ms, p99 {sorted[(int)(0.99 * (sorted.Count - 1))].Milliseconds:F1} ms, max {sorted[^1].Milliseconds:F1} ms"));
            foreach (var (ms, at, activity) in sorted.Where(s => s.Milliseconds > 50).TakeLast(5).Reverse())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {ms:F1} ms at {at:F1} s ({activity})"));
            }
        }
    }

    /// <summary>The campaign's rows in the SQLite store by state name: how many, and the largest payload (the state rewritten as it runs is "experiment").</summary>
    private static async Task<string> StoredRows(string database, string id)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainTypeString, count(*), max(length(PayloadBinary)) FROM OrleansStorage WHERE GrainIdExtensionString = $id OR GrainIdExtensionString LIKE $prefix GROUP BY GrainTypeString ORDER BY GrainTypeString";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$prefix", id + "/%");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt32(1)} (largest {reader.GetInt64(2) / 1024.0:F1} KiB)"));
        }

        return string.Join(", ", rows);
    }

    /// <summary>How long each status call of the measured campaign took, in milliseconds.</summary>
    private static List<(double Milliseconds, double At, string Activity)> StatusLatencies { get; } = [];

    /// <summary>Submits and polls to completion; returns the wall time and the time from planned to completed.</summary>
    private static async Task<(CampaignStatus Status, double Wall, double Searching)> RunCampaign(IClusterClient client, ICampaignCatalogGrain catalog, CampaignSpec spec, CancellationToken cancellationToken, DashboardViewer? viewer = null)
    {
        var clock = Stopwatch.StartNew();
        var status = await catalog.Submit(spec, null);
        var campaign = client.GetGrain<IExperimentGrain>(status.Id);
        using var watching = new CancellationTokenSource();
        var watcher = viewer?.Watch(status.Id, watching.Token) ?? Task.CompletedTask;
        double planned = double.NaN;
        while (status.Phase is not (CampaignPhase.Completed or CampaignPhase.Failed or CampaignPhase.Cancelled))
        {
            await Task.Delay(50, cancellationToken);
            long asked = Stopwatch.GetTimestamp();
            status = await campaign.GetStatus();
            StatusLatencies.Add((Stopwatch.GetElapsedTime(asked).TotalMilliseconds, clock.Elapsed.TotalSeconds, status.Phase == CampaignPhase.Running ? status.Activity : status.Phase.ToString()));
            if (double.IsNaN(planned) && status.Progress.Length > 0)
            {
                planned = clock.Elapsed.TotalSeconds;
            }
        }

        double wall = clock.Elapsed.TotalSeconds;
        await watching.CancelAsync();
        await watcher;
        if (status.Phase != CampaignPhase.Completed)
        {
            throw new InvalidOperationException($"Benchmark campaign {status.Id} ended {status.Phase}: {status.Error}");
        }

        return (status, wall, wall - (double.IsNaN(planned) ? 0 : planned));
    }
}
