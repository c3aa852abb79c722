using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Dashboard.Artifacts;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Searches;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>
/// A campaign's files and one search's record and pictures, read through the server (never as paths on the silo's
/// disk). With an API key set, these need it (header) or a signed-in browser.
/// </summary>
internal static class ArtifactEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        var campaign = app.MapGroup("/api/campaigns/{id}").WithTags("Artifacts").AddEndpointFilter<ViewerFilter>();
        campaign.MapGet("/artifacts", List).WithName("ListCampaignArtifacts").WithSummary("The campaign's files (images, galleries, exports) with sizes.");
        campaign.MapGet("/artifacts/{**path}", GetFile).WithName("GetCampaignArtifact").WithSummary("One of the campaign's files; only inside its folder.");
        campaign.MapGet("/searches/{mode}/{d:int}/{image:int}/{target:int}", GetSearch).WithName("GetSearch")
            .WithSummary("One search's stored record: probabilities, stop reason, restarts, and the addresses of its pictures.");
        campaign.MapGet("/searches/{mode}/{d:int}/{image:int}/{target:int}/{kind}.png", GetImage).WithName("GetSearchImage")
            .WithSummary("A search's picture: x, xprime (x') or delta (x' - x, min-max normalised).");
        return app;
    }

    private static Results<Ok<ArtifactFile[]>, ProblemHttpResult> List(string id, CampaignArtifacts artifacts) =>
        artifacts.List(id) is { } files ? TypedResults.Ok(files) : NotFound($"Campaign '{CampaignIds.Shown(id)}' has no files (unknown id, or nothing written yet).");

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetFile(string id, string path, CampaignArtifacts artifacts, HttpContext context) =>
        Serve(artifacts.Resolve(id, path), context);

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetImage(string id, string mode, int d, int image, int target, string kind, CampaignArtifacts artifacts, HttpContext context, string? trait = null)
    {
        if (!SearchView.IsTrait(trait))
        {
            return BadRequest($"Query value 'trait' must be a CelebA attribute name (letters, digits, '_'; got '{CampaignIds.Shown(trait!)}').");
        }

        if (!CampaignModes.TryParse(mode, out var parsedMode))
        {
            return BadRequest($"Route value 'mode' must be lse or lae (got '{CampaignIds.Shown(mode)}').");
        }

        if (!CampaignArtifacts.ImageKinds.Contains(kind))
        {
            return BadRequest($"Route value 'kind' must be one of {string.Join(", ", CampaignArtifacts.ImageKinds)} (got '{CampaignIds.Shown(kind)}').");
        }

        return Serve(artifacts.Resolve(id, CampaignArtifacts.ImagePath(parsedMode, d, image, target, kind, trait)), context);
    }

    private static async Task<Results<Ok<SearchView>, ProblemHttpResult>> GetSearch(string id, string mode, int d, int image, int target, IClusterClient client, string? trait = null)
    {
        if (!CampaignIds.IsValidId(id))
        {
            return NotFound($"Unknown campaign id '{CampaignIds.Shown(id)}'.");
        }

        if (!CampaignModes.TryParse(mode, out var parsedMode))
        {
            return BadRequest($"Route value 'mode' must be lse or lae (got '{CampaignIds.Shown(mode)}').");
        }

        if (!SearchView.IsTrait(trait))
        {
            return BadRequest($"Query value 'trait' must be a CelebA attribute name (letters, digits, '_'; got '{CampaignIds.Shown(trait!)}').");
        }

        var key = new SearchKey(id, parsedMode, d, image, target, trait);
        return await client.GetGrain<ISearchGrain>(key.ToString()).Get() is { } record
            ? TypedResults.Ok(SearchView.From(record))
            : NotFound($"Campaign '{CampaignIds.Shown(id)}' has no finished search {parsedMode.ToString().ToLowerInvariant()} d={d}{(trait is null ? "" : " " + trait)} image {image} target {target}.");
    }

    internal static Results<PhysicalFileHttpResult, ProblemHttpResult> Serve(ArtifactLookup lookup, HttpContext context)
    {
        if (lookup.FullPath is { } path)
        {
            string type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            // Served on the pages' origin: a browser must not run a file as a page (only pictures show inline).
            context.Response.Headers.XContentTypeOptions = "nosniff";
            bool inline = type is "image/png" or "image/jpeg";
            return TypedResults.PhysicalFile(path, type, fileDownloadName: inline ? null : Path.GetFileName(path), enableRangeProcessing: true);
        }

        return lookup.IsRefused ? BadRequest(lookup.Problem!) : NotFound(lookup.Problem!);
    }

    private static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid artifact request");

    private static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
