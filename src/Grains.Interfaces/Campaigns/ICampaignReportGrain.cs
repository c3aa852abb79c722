namespace Orleans.Lse.Grains.Campaigns;

/// <summary>
/// A campaign's report (keyed by campaign id): figures, bias heatmaps, edge cases and report.html in the campaign's
/// folder, drawn on the silo from the campaign's stored results and models. Writing runs in the background.
/// </summary>
[Alias("lse.ICampaignReportGrain")]
public interface ICampaignReportGrain : IGrainWithStringKey
{
    /// <summary>The report's folder inside the campaign's folder; report.html lies in it.</summary>
    public const string Folder = "report";

    /// <summary>Starts writing the report (again, if one was written); while one is being written, returns its status.</summary>
    [Alias("Write")]
    Task<CampaignReportStatus> Write();

    /// <summary>Whether a report is being written, was written (and where) or failed (and why).</summary>
    [Alias("GetStatus"), Orleans.Concurrency.AlwaysInterleave]
    Task<CampaignReportStatus> GetStatus();
}
