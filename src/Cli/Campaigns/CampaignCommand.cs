using System.CommandLine;
using Orleans.Lse.Cli.Progress;
using Orleans.Lse.Grains.Campaigns;
using Spectre.Console;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary><c>lse campaign ...</c>: the service's client. Submit, list, watch, export, pause, resume, cancel.</summary>
internal static class CampaignCommand
{
    public static Command Create()
    {
        var command = new Command("campaign", "Run experiment campaigns on the LSE service (start it with ./scripts/service.sh).");
        command.Subcommands.Add(Submit());
        command.Subcommands.Add(Reproduce());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Results());
        command.Subcommands.Add(Galleries());
        command.Subcommands.Add(Report());
        command.Subcommands.Add(Lifecycle("pause", "Stop starting new blocks (running ones finish).", g => g.Pause()));
        command.Subcommands.Add(Lifecycle("resume", "Continue a paused campaign, or a failed one: only what failed runs again.", g => g.Resume()));
        command.Subcommands.Add(Lifecycle("cancel", "End a campaign; results so far stay stored.", g => g.Cancel()));
        return command;
    }

    private static Command Submit()
    {
        var spec = new Argument<string>("spec") { Description = "Campaign spec JSON file (see deploy/campaigns/)." };
        var key = new Option<string?>("--key") { Description = "Idempotency key: submitting the same spec with the same key returns the same campaign." };
        var watch = new Option<bool>("--watch") { Description = "Show live progress until the campaign ends, then the results." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("submit", "Submit a campaign spec.") { spec, key, watch, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var campaignSpec = CampaignSpecFile.Read(parse.GetValue(spec)!);
            var status = await client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(campaignSpec, parse.GetValue(key));
            CampaignView.Summary(status);
            if (parse.GetValue(watch))
            {
                await WatchAndShow(client.GetGrain<IExperimentGrain>(status.Id), ct);
            }
        }));
        return command;
    }

    private static Command Reproduce()
    {
        var search = new Option<string>("--search") { Description = "paper-mean (plain GD on the batch-mean CE, as `lse reproduce`), paper (plain GD on each search's CE) or improved.", DefaultValueFactory = _ => "paper-mean" };
        search.AcceptOnlyFromAmong("paper-mean", "paper", "improved");
        var watch = new Option<bool>("--watch") { Description = "Show live progress and the table at the end." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("reproduce", "The paper's MNIST experiment as a campaign: LSE on every misclassified test image, LAE on 100 correct images x 9 targets, d = 2 and 10.")
        {
            search, watch, port, postgres,
        };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var spec = new CampaignSpec { Name = $"paper-mnist-{parse.GetValue(search)}", Search = parse.GetValue(search)! };
            var status = await client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(spec, spec.Name);
            CampaignView.Summary(status);
            if (parse.GetValue(watch))
            {
                await WatchAndShow(client.GetGrain<IExperimentGrain>(status.Id), ct);
            }
        }));
        return command;
    }

    private static Command List()
    {
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("list", "All campaigns.") { port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var table = new Table().AddColumns("Id", "Name", "Phase", "Done", "Total", "Created (UTC)", "Activity");
            foreach (var s in (await client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).List()).OrderBy(s => s.CreatedUtc))
            {
                table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Spec?.Name ?? ""), s.Phase.ToString(), s.Done.ToString(), s.Total.ToString(), $"{s.CreatedUtc:yyyy-MM-dd HH:mm:ss}", Markup.Escape(s.Activity));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "Campaign id." };
        var watch = new Option<bool>("--watch") { Description = "Live progress bars with ETA per (mode, d) until the campaign ends." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("status", "A campaign's phase, progress and aggregates.") { id, watch, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var campaign = client.GetGrain<IExperimentGrain>(parse.GetValue(id)!);
            if (parse.GetValue(watch))
            {
                await WatchAndShow(campaign, ct);
                return;
            }

            var status = await campaign.GetStatus();
            CampaignView.Summary(status);
            foreach (var p in status.Progress)
            {
                string eta = p.Done > 0 && p.Done < p.Total ? $", about {ConsoleProgress.Duration(TimeSpan.FromSeconds(p.SecondsRunning / p.Done * (p.Total - p.Done)))} left" : "";
                AnsiConsole.MarkupLine(Markup.Escape($"  {p.Mode.ToString().ToUpperInvariant()} d={p.LatentSize}{(p.Trait is null ? "" : " " + p.Trait)}: {p.Done}/{p.Total} done, {p.Succeeded} succeeded{eta}"));
            }

            Console.Write(CampaignView.Table(status));
        }));
        return command;
    }

    private static Command Results()
    {
        var id = new Argument<string>("id") { Description = "Campaign id." };
        var csv = new Option<string?>("--csv") { Description = "Write one row per search to this CSV file." };
        var json = new Option<string?>("--json") { Description = "Write status, aggregates and searches to this JSON file." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("results", "The paper-style table; optionally CSV and JSON exports.") { id, csv, json, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var campaign = client.GetGrain<IExperimentGrain>(parse.GetValue(id)!);
            var status = await campaign.GetStatus();
            var results = await campaign.GetResults();
            Show(status);
            if (parse.GetValue(csv) is { } csvPath)
            {
                CampaignExport.Csv(csvPath, results);
                AnsiConsole.MarkupLine($"{results.Length} searches -> {Markup.Escape(Path.GetFullPath(csvPath))}");
            }

            if (parse.GetValue(json) is { } jsonPath)
            {
                CampaignExport.Json(jsonPath, status, results);
                AnsiConsole.MarkupLine($"status and {results.Length} searches -> {Markup.Escape(Path.GetFullPath(jsonPath))}");
            }
        }));
        return command;
    }

    private static Command Galleries()
    {
        var id = new Argument<string>("id") { Description = "Campaign id." };
        var output = new Option<string?>("--output") { Description = "Copy the galleries here (default artifacts/campaigns/<id>)." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("galleries", "Export the campaign's PNG galleries (original | x' - x | x' per search, one per block).") { id, output, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            var status = await client.GetGrain<IExperimentGrain>(parse.GetValue(id)!).GetStatus();
            string images = Path.Combine(status.OutputDirectory ?? "", "images");
            if (!Directory.Exists(images))
            {
                throw new InvalidOperationException($"No galleries at {images}: they are written on the silo's machine (and only when the spec's writeImages is true).");
            }

            string target = parse.GetValue(output) ?? Path.Combine("artifacts", "campaigns", status.Id);
            Directory.CreateDirectory(target);
            var files = Directory.GetFiles(images, "gallery-*.png").Order(StringComparer.Ordinal).ToList();
            foreach (var file in files)
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }

            AnsiConsole.MarkupLine($"{files.Count} galleries -> {Markup.Escape(Path.GetFullPath(target))}");
        }));
        return command;
    }

    private static Command Report()
    {
        var id = new Argument<string>("id") { Description = "Campaign id." };
        var output = new Option<string?>("--output") { Description = "Also copy the report's folder here (report.html, figures/, edge-cases/), where the silo's disk is this machine's." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command("report", "Write the campaign's report on the service: figures, bias heatmaps, edge cases and a self-contained report.html.") { id, output, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
        {
            string campaignId = parse.GetValue(id)!;
            var status = await client.GetGrain<IExperimentGrain>(campaignId).GetStatus();
            var report = client.GetGrain<ICampaignReportGrain>(campaignId);
            var written = await report.Write();
            string last = "";
            while (written.Phase == CampaignReportPhase.Writing)
            {
                if (written.Activity != last)
                {
                    Console.WriteLine($"report: {written.Activity}");
                    last = written.Activity;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                written = await report.GetStatus();
            }

            if (written.Phase != CampaignReportPhase.Done)
            {
                throw new InvalidOperationException($"The report of campaign {campaignId} failed: {written.Error}");
            }

            string folder = Path.Combine(status.OutputDirectory ?? "", Path.GetDirectoryName(written.Path!)!);
            AnsiConsole.MarkupLine($"Report of {Markup.Escape(campaignId)}: {written.Figures} figures -> {Markup.Escape(Path.Combine(status.OutputDirectory ?? "", written.Path!))}");
            AnsiConsole.MarkupLine($"The dashboard serves it at /campaigns/{Markup.Escape(Uri.EscapeDataString(campaignId))}/report/");
            if (parse.GetValue(output) is { } target)
            {
                if (!Directory.Exists(folder))
                {
                    throw new InvalidOperationException($"The report was written at {folder} on the silo's machine, which this machine cannot read; open it from the dashboard.");
                }

                int files = 0;
                foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    string destination = Path.Combine(target, Path.GetRelativePath(folder, file));
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination, overwrite: true);
                    files++;
                }

                AnsiConsole.MarkupLine($"{files} files -> {Markup.Escape(Path.GetFullPath(target))}");
            }
        }));
        return command;
    }

    private static Command Lifecycle(string name, string description, Func<IExperimentGrain, Task<CampaignStatus>> change)
    {
        var id = new Argument<string>("id") { Description = "Campaign id." };
        var (port, postgres) = (ServiceConnection.GatewayPort(), ServiceConnection.Postgres());
        var command = new Command(name, description) { id, port, postgres };
        command.SetAction((parse, ct) => Run(parse.GetValue(port), parse.GetValue(postgres), ct, async client =>
            CampaignView.Summary(await change(client.GetGrain<IExperimentGrain>(parse.GetValue(id)!)))));
        return command;
    }

    private static async Task WatchAndShow(IExperimentGrain campaign, CancellationToken cancellationToken) =>
        Show(await CampaignView.Watch(campaign, cancellationToken));

    private static void Show(CampaignStatus status)
    {
        CampaignView.Summary(status);
        Console.Write(CampaignView.Table(status));
        if (status.Spec is { SearchOverrides.Length: > 0 } spec)
        {
            Console.WriteLine($"Search overrides: {spec.SearchOverrides}");
        }

        if (CampaignView.Targets(status) is { } targets)
        {
            AnsiConsole.Write(targets);
        }
    }

    /// <summary>Connects, runs the body, and turns known failures into one line and exit code 2.</summary>
    private static async Task<int> Run(int? port, string? postgres, CancellationToken cancellationToken, Func<IClusterClient, Task> body)
    {
        try
        {
            await using var connection = await ServiceConnection.Connect(port, postgres, cancellationToken);
            await body(connection.Client);
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or KeyNotFoundException or IOException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled (the campaign keeps running on the service).");
            return 130;
        }
    }
}
