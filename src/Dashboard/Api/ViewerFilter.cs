using Microsoft.AspNetCore.Http;
using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>
/// When <see cref="DashboardOptions.ApiKey"/> is set, artifacts need the key in <c>X-Api-Key</c> or a browser signed in
/// with it (a page's images cannot send a header).
/// </summary>
internal sealed class ViewerFilter(DashboardOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!DashboardAccess.MayView(context.HttpContext, options))
        {
            return TypedResults.Problem($"Artifacts need the service's API key in the {ApiKeyFilter.Header} header, or a browser signed in at /login.",
                statusCode: StatusCodes.Status401Unauthorized, title: "API key required");
        }

        return await next(context);
    }
}
