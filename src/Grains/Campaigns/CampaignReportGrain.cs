using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Grains.Compute;
using Orleans.Lse.Grains.Placement;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// Writes a campaign's report in the background on a compute silo: the records and options come from the experiment
/// grain, the models and test images from this silo's <see cref="ModelLibrary"/>, the drawing from the core's
/// <see cref="Core.Reports.ReportBuilder"/>. Nothing is kept in grain storage: report.html on disk is the report.
/// </summary>
[ComputePlacement]
public sealed partial class CampaignReportGrain(ModelLibrary library, IOptions<LseClusterOptions> cluster, TimeProvider time, IServiceProvider services, ILogger<CampaignReportGrain> logger) : Grain, ICampaignReportGrain
{
    private readonly Lock _gate = new();
    private CampaignReportStatus? _status;
    private Task? _writing;
    private readonly CancellationTokenSource _stopping = new();

    private string Id => this.GetPrimaryKeyString();

    private string Directory => Path.Combine(cluster.Value.DataDirectory, "campaigns", Id, ICampaignReportGrain.Folder);

    public async Task<CampaignReportStatus> Write()
    {
        CampaignIds.ValidateId(Id);
        lock (_gate)
        {
            if (_writing is { IsCompleted: false })
            {
                return Current();
            }
        }

        // Slice by slice: one message per slice, not one holding every record's eps.
        var experiment = GrainFactory.GetGrain<IExperimentGrain>(Id);
        var outline = await experiment.GetReportOutline();
        var records = new List<SearchRecord>();
        for (int i = 0; i < outline.Slices.Length; i++)
        {
            records.AddRange(await experiment.GetSliceRecords(i));
        }

        var source = outline with { Records = [.. records] };
        if (source.Records.Length == 0)
        {
            throw new InvalidOperationException($"Campaign {Id} has no finished searches yet: nothing to report.");
        }

        lock (_gate)
        {
            if (_writing is { IsCompleted: false })
            {
                return Current();
            }

            _status = Current() with { Phase = CampaignReportPhase.Writing, Activity = "loading models and images", Error = null };
            // Compute off the grain's scheduler; the activation stays while it runs (and stops it if it goes).
            _writing = Task.Run(() => Build(source, _stopping.Token), _stopping.Token);
            DelayDeactivation(TimeSpan.FromHours(1));
            return _status;
        }
    }

    public Task<CampaignReportStatus> GetStatus()
    {
        CampaignIds.ValidateId(Id);
        lock (_gate)
        {
            return Task.FromResult(Current());
        }
    }

    private CampaignReportStatus Current()
    {
        if (_status is { } status)
        {
            return status;
        }

        string html = Path.Combine(Directory, Core.Reports.HtmlReport.FileName);
        return File.Exists(html)
            ? new CampaignReportStatus { Phase = CampaignReportPhase.Done, Path = $"{ICampaignReportGrain.Folder}/{Core.Reports.HtmlReport.FileName}", WrittenUtc = File.GetLastWriteTimeUtc(html) }
            : new CampaignReportStatus { Phase = CampaignReportPhase.None };
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_writing is { } writing)
        {
            await writing.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stopping.Dispose();
    }

    private void Build(CampaignReportSource source, CancellationToken cancellationToken)
    {
        try
        {
            LogWriting(logger, Id, source.Records.Length);
            int figures = source.Spec.IsCeleba
                ? CelebaCampaignReport.Write(Id, source, library, Directory, Report, cancellationToken)
                : CampaignReportInput.Build(Id, source, library, Directory, Report, cancellationToken, services.GetService<IDashboardLinks>()?.CampaignPage(Id)).Figures.Count;
            lock (_gate)
            {
                _status = new CampaignReportStatus
                {
                    Phase = CampaignReportPhase.Done,
                    Path = $"{ICampaignReportGrain.Folder}/{Core.Reports.HtmlReport.FileName}",
                    WrittenUtc = time.GetUtcNow(),
                    Figures = figures,
                    Activity = "written",
                };
            }

            LogWritten(logger, Id, figures, Directory);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, Id);
            lock (_gate)
            {
                _status = Current() with { Phase = CampaignReportPhase.Failed, Error = e.Message, Activity = "failed" };
            }
        }
    }

    private void Report(string activity)
    {
        lock (_gate)
        {
            _status = (_status ?? Current()) with { Activity = activity };
        }

        LogStep(logger, Id, activity);
    }
}
