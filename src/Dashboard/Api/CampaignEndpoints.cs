using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Grains.Campaigns;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>
/// <c>/api/campaigns</c>: the CLI's campaign operations over HTTP. Errors are ProblemDetails: 400 names the field, 404
/// the id, 409 says why the campaign cannot do that now, 401 asks for the API key on the operations that change things.
/// </summary>
internal static class CampaignEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCampaignEndpoints(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").WithTags("Campaigns");
        // Changes: only with the key (when one is set), and only as JSON, which a page from another origin cannot send
        // without the browser asking first (and this API does not answer CORS).
        var changes = campaigns.MapGroup("").AddEndpointFilter<ApiKeyFilter>().AddEndpointFilter<JsonOnlyFilter>();
        campaigns.MapGet("/", List).WithName("ListCampaigns").WithSummary("Every campaign: phase, progress per (mode, d), aggregates.");
        changes.MapPost("/", Submit).WithName("SubmitCampaign")
            .WithSummary($"Submits a campaign spec (the CLI's JSON). With an {IdempotencyHeader} header, a resubmission returns the campaign the key made.")
            .Accepts<CampaignSpec>("application/json");
        campaigns.MapGet("/{id}", Status).WithName("GetCampaign").WithSummary("One campaign's status.");
        campaigns.MapGet("/{id}/results", GetResults).WithName("GetCampaignResults").WithSummary("Every finished search, as JSON (default) or CSV (?format=csv).");
        changes.MapPost("/{id}/pause", (string id, IClusterClient client) => Change(id, client, g => g.Pause())).WithName("PauseCampaign");
        changes.MapPost("/{id}/resume", (string id, IClusterClient client) => Change(id, client, g => g.Resume())).WithName("ResumeCampaign");
        changes.MapPost("/{id}/cancel", (string id, IClusterClient client) => Change(id, client, g => g.Cancel())).WithName("CancelCampaign");
        return app;
    }

    private static async Task<Ok<CampaignStatus[]>> List(IClusterClient client) =>
        TypedResults.Ok(await client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).List());

    private static async Task<Results<Created<CampaignStatus>, ProblemHttpResult>> Submit(HttpRequest request, IClusterClient client, CancellationToken cancellationToken)
    {
        CampaignSpec spec;
        string? key = request.Headers[IdempotencyHeader].FirstOrDefault();
        try
        {
            using var reader = new StreamReader(request.Body);
            spec = CampaignSpecJson.Parse(await reader.ReadToEndAsync(cancellationToken), "(request body)");
            if (key is not null)
            {
                CampaignIds.ValidateKey(key);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Over Lse:Dashboard:MaxRequestBodyBytes (413), or a body cut short.
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Unreadable request body");
        }
        catch (ArgumentException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid campaign spec");
        }

        try
        {
            var status = await client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).Submit(spec, key);
            return TypedResults.Created($"/api/campaigns/{Uri.EscapeDataString(status.Id)}", status);
        }
        catch (ArgumentException e)
        {
            // The silo's checks of the spec (a dataset outside its roots, an id taken by another spec): the user's to fix.
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid campaign spec");
        }
    }

    private static async Task<Results<Ok<CampaignStatus>, ProblemHttpResult>> Status(string id, IClusterClient client)
    {
        if (!CampaignIds.IsValidId(id))
        {
            return UnknownCampaign(id);
        }

        try
        {
            return TypedResults.Ok(await client.GetGrain<IExperimentGrain>(id).GetStatus());
        }
        catch (KeyNotFoundException)
        {
            return UnknownCampaign(id);
        }
    }

    private static async Task<Results<Ok<FinishedSearch[]>, ContentHttpResult, ProblemHttpResult>> GetResults(string id, [FromQuery] string? format, IClusterClient client)
    {
        if (format is not (null or "json" or "csv"))
        {
            return TypedResults.Problem($"Query parameter 'format' must be json or csv (got '{CampaignIds.Shown(format)}').", statusCode: StatusCodes.Status400BadRequest, title: "Invalid format");
        }

        if (!CampaignIds.IsValidId(id))
        {
            return UnknownCampaign(id);
        }

        try
        {
            var results = await client.GetGrain<IExperimentGrain>(id).GetResults();
            return format == "csv" ? TypedResults.Text(CampaignResultsCsv.Format(results), "text/csv") : TypedResults.Ok(results);
        }
        catch (KeyNotFoundException)
        {
            return UnknownCampaign(id);
        }
    }

    private static async Task<Results<Ok<CampaignStatus>, ProblemHttpResult>> Change(string id, IClusterClient client, Func<IExperimentGrain, Task<CampaignStatus>> change)
    {
        if (!CampaignIds.IsValidId(id))
        {
            return UnknownCampaign(id);
        }

        try
        {
            return TypedResults.Ok(await change(client.GetGrain<IExperimentGrain>(id)));
        }
        catch (KeyNotFoundException)
        {
            return UnknownCampaign(id);
        }
        catch (CampaignPhaseException e)
        {
            // The campaign's own words: it is not in a phase that allows this ("... is Completed; only a running campaign can be paused").
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the campaign's phase");
        }
    }

    private static ProblemHttpResult UnknownCampaign(string id) =>
        TypedResults.Problem($"Unknown campaign id '{CampaignIds.Shown(id)}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown campaign");
}
