using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Dashboard.Artifacts;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>
/// A campaign's report: <c>POST /api/campaigns/{id}/report</c> writes it on the cluster (202, then poll the GET),
/// <c>/campaigns/{id}/report/</c> shows it, with its figures and edge-case files beside it.
/// </summary>
internal static class ReportEndpoints
{
    /// <summary>What the report page may load: its own embedded pictures and inline style, nothing else, no script.</summary>
    public const string ReportPolicy = "default-src 'none'; img-src data: 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/campaigns/{id}/report").WithTags("Reports");
        api.MapGet("", Status).WithName("GetCampaignReport").WithSummary("Whether the campaign's report is being written, was written (and its address) or failed.");
        api.MapPost("", Write).AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<JsonOnlyFilter>().WithName("WriteCampaignReport")
            .WithSummary("Writes the campaign's report (figures, bias heatmaps, edge cases, report.html) in the background; poll the GET.");
        var pages = app.MapGroup("/campaigns/{id}/report").AddEndpointFilter<ViewerFilter>().ExcludeFromDescription();
        pages.MapGet("/{**path}", File);
        return app;
    }

    private static async Task<Results<Ok<CampaignReportStatus>, ProblemHttpResult>> Status(string id, IClusterClient client)
    {
        if (!CampaignIds.IsValidId(id))
        {
            return Unknown(id);
        }

        return TypedResults.Ok(await client.GetGrain<ICampaignReportGrain>(id).GetStatus());
    }

    private static async Task<Results<Accepted<CampaignReportStatus>, ProblemHttpResult>> Write(string id, IClusterClient client)
    {
        if (!CampaignIds.IsValidId(id))
        {
            return Unknown(id);
        }

        try
        {
            return TypedResults.Accepted($"/api/campaigns/{Uri.EscapeDataString(id)}/report", await client.GetGrain<ICampaignReportGrain>(id).Write());
        }
        catch (KeyNotFoundException)
        {
            return Unknown(id);
        }
        catch (InvalidOperationException e)
        {
            // No finished search yet, or a campaign stored per search: the campaign's own words.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "No report possible now");
        }
    }

    private static Results<PhysicalFileHttpResult, RedirectHttpResult, ProblemHttpResult> File(string id, string? path, CampaignArtifacts artifacts, HttpContext context)
    {
        bool page = string.IsNullOrEmpty(path);
        if (page && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // The report's links are relative to its folder.
            return TypedResults.Redirect($"/campaigns/{Uri.EscapeDataString(id)}/report/");
        }

        var lookup = artifacts.Resolve(id, $"{ICampaignReportGrain.Folder}/{(page ? Core.Reports.HtmlReport.FileName : path)}");
        if (page && lookup.FullPath is { } html)
        {
            context.Response.Headers.ContentSecurityPolicy = ReportPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.PhysicalFile(html, "text/html; charset=utf-8");
        }

        return ArtifactEndpoints.Serve(lookup, context).Result switch
        {
            PhysicalFileHttpResult file => file,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"Unexpected result {other.GetType().Name}."),
        };
    }

    private static ProblemHttpResult Unknown(string id) =>
        TypedResults.Problem($"Unknown campaign id '{CampaignIds.Shown(id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campaign");
}
