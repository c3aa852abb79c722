using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Orleans.Lse.Dashboard.Hosting;

namespace Orleans.Lse.Dashboard.Api;

/// <summary>When <see cref="DashboardOptions.ApiKey"/> is set, a request without it in <c>X-Api-Key</c> gets 401.</summary>
internal sealed class ApiKeyFilter(DashboardOptions options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (options.ApiKey is { Length: > 0 } expected)
        {
            string given = context.HttpContext.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return TypedResults.Problem($"This operation needs the service's API key in the {Header} header.", statusCode: StatusCodes.Status401Unauthorized, title: "API key required");
            }
        }

        return await next(context);
    }
}
