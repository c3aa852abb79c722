using System.Globalization;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Core.Experiments;
using Orleans.Lse.Grains.Campaigns;
using Spectre.Console;

namespace Orleans.Lse.Cli.Campaigns;

/// <summary>Campaign status, progress and results for the terminal.</summary>
internal static class CampaignView
{
    public static void Summary(CampaignStatus s)
    {
        var color = s.Phase switch
        {
            CampaignPhase.Completed => "green",
            CampaignPhase.Failed => "red",
            CampaignPhase.Cancelled => "grey",
            CampaignPhase.Paused => "yellow",
            _ when s.Stalled => "red",
            _ => "blue",
        };
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(s.Id)}[/] {Markup.Escape(s.Spec?.Name ?? "")} [{color}]{s.Phase}{(s.Stalled ? " (stalled)" : "")}[/] {s.Done}/{s.Total} searches {Markup.Escape(s.Activity)}");
        if (s.Error is { } error)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
        }
    }

    /// <summary>The experiment's table as the core formats it: the same text <c>lse reproduce</c> prints for the same spec.</summary>
    public static string Table(CampaignStatus s)
    {
        if (s.Aggregates.Any(a => a.Trait is not null))
        {
            return TraitTable(s);
        }

        // A user model's campaign names its model, and has no paper column (the paper's figures are for its own models).
        string dataset = s.Spec is { Model: { } model } spec ? $"{spec.Dataset} with model {model}" : s.Spec?.Dataset ?? "";
        return ExperimentTable.Format(ExperimentTable.Title(s.Spec?.Search ?? "", dataset), dataset, s.Aggregates.Select(a => a.ToAggregate()));
    }

    /// <summary>A CelebA campaign's table, in the shape of the paper's table 1.</summary>
    public static string TraitTable(CampaignStatus s) =>
        Core.Faces.TraitTable.Text($"{s.Spec?.Name} on CelebA ({s.Spec?.Dataset}), {s.Spec?.Search} search",
            s.Aggregates.Select(a => new Core.Faces.TraitTableRow(a.Trait ?? "", a.Mode.ToString().ToUpperInvariant(), a.LatentSize, a.Searches, a.Successes, a.SuccessRate, a.MeanEpsNorm, a.MedianEpsNorm)));

    /// <summary>LAE success per target class.</summary>
    public static Table? Targets(CampaignStatus s)
    {
        var lae = s.Aggregates.Where(a => a.Mode == CampaignMode.Lae).ToList();
        if (lae.Count == 0)
        {
            return null;
        }

        int classes = Math.Max(lae.SelectMany(a => a.PerTarget).Select(r => r.Target + 1).DefaultIfEmpty(0).Max(), 2);
        var table = new Table().Title("LAE per target").AddColumn(lae.Any(a => a.Trait is not null) ? "trait, d" : "d");
        bool traits = lae.Any(a => a.Trait is not null);
        foreach (int t in Enumerable.Range(0, classes))
        {
            // A trait's classes: 0 is "not the trait", 1 the trait.
            table.AddColumn(traits ? (t == 0 ? "to not trait" : "to trait") : t.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var a in lae)
        {
            var cells = Enumerable.Range(0, classes).Select(t => a.PerTarget.FirstOrDefault(r => r.Target == t) is { } row ? Percent(row.Successes / (double)row.Searches) : "-");
            table.AddRow([Markup.Escape(a.Trait is null ? a.LatentSize.ToString(CultureInfo.InvariantCulture) : $"{a.Trait} {a.LatentSize}"), .. cells]);
        }

        return table;
    }

    /// <summary>Live bars per (mode, d) with ETA until the campaign ends (or the user presses Ctrl+C).</summary>
    public static async Task<CampaignStatus> Watch(IExperimentGrain campaign, CancellationToken cancellationToken)
    {
        var status = await campaign.GetStatus();
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (!Ended(status))
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                status = await campaign.GetStatus();
                Console.WriteLine($"{status.Phase} {status.Done}/{status.Total} {status.Activity}");
            }

            return status;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var activity = context.AddTask("starting", maxValue: 1);
                var bars = new Dictionary<(CampaignMode, int, string?), ProgressTask>();
                while (true)
                {
                    activity.Description = Markup.Escape($"{status.Phase} {status.Activity}");
                    foreach (var p in status.Progress)
                    {
                        if (!bars.TryGetValue((p.Mode, p.LatentSize, p.Trait), out var bar))
                        {
                            bar = context.AddTask(Markup.Escape($"{p.Mode.ToString().ToUpperInvariant()} d={p.LatentSize}{(p.Trait is null ? "" : " " + p.Trait)}"), maxValue: Math.Max(1, p.Total));
                            bars[(p.Mode, p.LatentSize, p.Trait)] = bar;
                        }

                        bar.Value = p.Done;
                    }

                    activity.Value = status.Total > 0 ? status.Done / (double)status.Total : 0;
                    if (Ended(status))
                    {
                        activity.Value = 1;
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                    status = await campaign.GetStatus();
                }
            });
        return status;
    }

    public static bool Ended(CampaignStatus s) => s.Phase is CampaignPhase.Completed or CampaignPhase.Failed or CampaignPhase.Cancelled;

    private static string Percent(double v) => double.IsFinite(v) ? v.ToString("P2", CultureInfo.InvariantCulture) : "-";
}
