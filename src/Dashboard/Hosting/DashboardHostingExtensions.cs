using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Lse.Client.Campaigns;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Dashboard;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Dashboard.Api;
using Orleans.Lse.Dashboard.Artifacts;
using Orleans.Lse.Dashboard.Views;
using OpenTelemetry.Metrics;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>Adds the HTTP surface to a web host that has an Orleans client (a silo's own, or a client's).</summary>
public static class DashboardHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DashboardOptions"/>, listens on <see cref="DashboardOptions.Urls"/>, and registers
    /// ProblemDetails, the OpenAPI document and the Prometheus exporter over <see cref="DashboardMeters.Names"/>.
    /// </summary>
    public static WebApplicationBuilder AddLseDashboard(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        options.Validate();
        if (builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            // Kestrel's own endpoint configuration would override the URLs checked above.
            throw new InvalidOperationException($"Kestrel:Endpoints is set: configure where the silo listens with {DashboardOptions.Section}:Urls (and {DashboardOptions.Section}:ApiKey) instead.");
        }

        if (options.OnlyLoopback && string.IsNullOrEmpty(options.ApiKey))
        {
            // No key, so this machine's browser is the only guard: answer only requests addressed to this machine by
            // name or loopback address (a rebound DNS name that points here is refused).
            builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(hosts => hosts.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        }

        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ResultsCache>();
        builder.Services.AddSingleton<CampaignArtifacts>();
        builder.Services.AddSingleton<IDashboardLinks, ServerDashboardLinks>();
        builder.AddDashboardAccess(options);

        // Sign-in cookies and the pages' anti-forgery tokens outlive a restart: the keys live with the silo's data.
        string dataDirectory = builder.Configuration.GetSection(LseClusterOptions.Section).Get<LseClusterOptions>()?.DataDirectory ?? new LseClusterOptions().DataDirectory;
        builder.Services.AddDataProtection().SetApplicationName("Orleans.Lse").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "dashboard-keys")));
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<JsonOptions>(json =>
        {
            foreach (var converter in CampaignSpecJson.Json.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }

            json.SerializerOptions.NumberHandling = CampaignSpecJson.Json.NumberHandling;
        });
        // The pages' script and stylesheet are static web assets: served from the build's manifest as well as from a
        // published folder, whatever the environment.
        builder.UseDashboardAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DashboardMeters.Names).AddPrometheusExporter());
        return builder;
    }

    /// <summary>
    /// The Orleans dashboard's grains and profiler on a silo, its live log stream off (it would show the silo's log to
    /// anyone who can open the page). Every silo of a cluster adds it, so the dashboard sees them all.
    /// </summary>
    public static ISiloBuilder AddLseOrleansDashboard(this ISiloBuilder silo) =>
        silo.AddDashboard(dashboard => dashboard.HideTrace = true);

    /// <summary>Maps the REST API under <c>/api</c>, the OpenAPI document at <c>/openapi/v1.json</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapLseDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<DashboardOptions>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDashboardAccess(options);
        app.UseAntiforgery();
        app.MapDashboardAssets();
        app.MapDashboardLogin(options);
        app.MapGet("/favicon.ico", () => Results.Redirect("/_content/Orleans.Lse.Dashboard/favicon.ico", permanent: true)).ExcludeFromDescription();
        app.MapRazorComponents<Components.App>().AddInteractiveServerRenderMode();
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api-docs";
            ui.DocumentTitle = "Orleans.Lse API";
            ui.SwaggerEndpoint("/openapi/v1.json", "Orleans.Lse API v1");
        });

        // Mapped on the app itself, not in a route group: a group drops the dashboard's redirect to its trailing slash.
        app.MapOrleansDashboard(routePrefix: "/orleans");
        app.MapPrometheusScrapingEndpoint();
        app.MapCampaignEndpoints();
        app.MapArtifactEndpoints();
        app.MapReportEndpoints();
        DashboardStartup.LogAddressesWhenStarted(app);
        return app;
    }
}
