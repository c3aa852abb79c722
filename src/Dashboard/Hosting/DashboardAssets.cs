using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>
/// Where the pages' static assets (the framework's Blazor script, the stylesheet) are listed. The build writes two
/// manifests named after the application; a host named otherwise (a test host, a client beside the silo) uses the
/// silo's, which its build copies alongside.
/// </summary>
internal static class DashboardAssets
{
    private const string SiloApplication = "lse-silo";

    /// <summary>Serves the assets from the build's folders (a published host has them in wwwroot), in any environment.</summary>
    public static void UseDashboardAssets(this WebApplicationBuilder builder)
    {
        if (Manifest(builder.Environment.ApplicationName, "runtime") is { } runtime)
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, runtime);
        }

        builder.WebHost.UseStaticWebAssets();
    }

    /// <summary>Maps the assets' endpoints (fingerprinted, compressed) from the application's manifest or the silo's.</summary>
    public static void MapDashboardAssets(this WebApplication app)
    {
        if (Manifest(app.Environment.ApplicationName, "endpoints") is { } endpoints)
        {
            app.MapStaticAssets(endpoints);
        }
        else
        {
            app.MapStaticAssets();
        }
    }

    private static string? Manifest(string application, string kind)
    {
        foreach (var name in new[] { application, SiloApplication })
        {
            string path = Path.Combine(AppContext.BaseDirectory, $"{name}.staticwebassets.{kind}.json");
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
