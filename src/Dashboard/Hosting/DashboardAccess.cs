using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Lse.Dashboard.Api;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>
/// Who may see what when <see cref="DashboardOptions.ApiKey"/> is set: the pages, their live connection, the Orleans
/// dashboard and the artifacts need the key (in <c>X-Api-Key</c>) or a browser signed in with it at <c>/login</c> (an
/// HttpOnly, SameSite=Strict cookie). Campaign reads, <c>/metrics</c> and <c>/openapi</c> stay open, as before; changes
/// through the API need the header itself. Without a key the service answers this machine only, and all of it is open.
/// </summary>
public static class DashboardAccess
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Whether the request carries the key or a signed-in cookie (always true when no key is set).</summary>
    public static bool MayView(HttpContext context, DashboardOptions options) =>
        options.ApiKey is not { Length: > 0 } key || context.User.Identity?.IsAuthenticated == true || Matches(context.Request.Headers[ApiKeyFilter.Header].ToString(), key);

    /// <summary>Compares in constant time.</summary>
    public static bool Matches(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    /// <summary>The claim that ties a sign-in to the key it was made with: a new key signs everyone out.</summary>
    private const string KeyClaim = "lse-key";

    internal static void AddDashboardAccess(this WebApplicationBuilder builder, DashboardOptions options)
    {
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "lse-dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/login";
            cookie.Events.OnValidatePrincipal = context =>
            {
                if (options.ApiKey is not { Length: > 0 } key || context.Principal?.FindFirst(KeyClaim)?.Value != KeyTag(key))
                {
                    context.RejectPrincipal();
                }

                return Task.CompletedTask;
            };
        });
    }

    /// <summary>Signs requests in from the cookie and turns away those that need the key and lack it.</summary>
    internal static void UseDashboardAccess(this WebApplication app, DashboardOptions options)
    {
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (options.ApiKey is not { Length: > 0 } || IsOpen(context.Request.Path) || MayView(context, options))
            {
                await next(context);
                return;
            }

            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/_blazor") && !context.Request.Path.StartsWithSegments("/orleans"))
            {
                context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = $"This needs the service's API key in the {ApiKeyFilter.Header} header, or a browser signed in at /login.",
            }, options: null, contentType: "application/problem+json");
        });
    }

    /// <summary><c>GET /login</c>: the key form; <c>POST /login</c>: checks it (with anti-forgery) and signs the browser in; <c>POST /logout</c>.</summary>
    internal static void MapDashboardLogin(this IEndpointRouteBuilder app, DashboardOptions options)
    {
        app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, string? returnUrl) => LoginPage(context, antiforgery, returnUrl, failed: false))
            .ExcludeFromDescription();
        app.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, [FromForm] string? key, [FromForm] string? returnUrl) =>
        {
            if (options.ApiKey is not { Length: > 0 } expected)
            {
                return Results.Redirect(LocalOrHome(returnUrl));
            }

            if (!Matches(key, expected))
            {
                return LoginPage(context, antiforgery, returnUrl, failed: true);
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key"), new Claim(KeyClaim, KeyTag(expected))], Scheme);
            await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            return Results.Redirect(LocalOrHome(returnUrl));
        }).ExcludeFromDescription();
        app.MapPost("/logout", async (HttpContext context, [FromForm] string? unused) =>
        {
            await context.SignOutAsync(Scheme);
            return Results.Redirect("/login");
        }).ExcludeFromDescription();
    }

    /// <summary>A digest of the key (not the key) to recognise which key a cookie was signed in with.</summary>
    private static string KeyTag(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("lse-dashboard-sign-in\n" + key)))[..16];

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/login") || path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics")
        || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content");

    /// <summary>Only this server's own pages: "/x" but not "//host" or "/\host".</summary>
    private static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl) ? returnUrl : "/"; // a tab or newline would let a browser read "/\t/host" as "//host"

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, bool failed)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        string Encode(string? s) => WebUtility.HtmlEncode(s ?? "");
        string html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in · Orleans.Lse</title>
            <link rel="stylesheet" href="/_content/Orleans.Lse.Dashboard/dashboard.css"></head>
            <body><main class="login"><h1>Orleans.Lse</h1>
            <form method="post" action="/login">
              <input type="hidden" name="{{Encode(tokens.FormFieldName)}}" value="{{Encode(tokens.RequestToken)}}">
              <input type="hidden" name="returnUrl" value="{{Encode(LocalOrHome(returnUrl))}}">
              <label for="key">API key</label>
              <input id="key" name="key" type="password" autocomplete="current-password" autofocus>
              {{(failed ? "<p class=\"field-error\">That is not the service's API key.</p>" : "")}}
              <button type="submit">Sign in</button>
            </form></main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
