using Microsoft.AspNetCore.Http;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>
/// Requests that change something must say <c>Content-Type: application/json</c> (an empty body too): a form or plain-text
/// POST, which any web page can make the user's browser send, gets 415 instead of submitting or cancelling a campaign.
/// </summary>
internal sealed class JsonOnlyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!context.HttpContext.Request.HasJsonContentType())
        {
            return TypedResults.Problem("Send this request with Content-Type: application/json (an empty body is fine where none is needed).", statusCode: StatusCodes.Status415UnsupportedMediaType, title: "JSON required");
        }

        return await next(context);
    }
}
