using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Lse.Client.Campaigns;
using Orleans.Lse.Dashboard.Api;
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
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(DashboardMeters.Names).AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps the REST API under <c>/api</c>, the OpenAPI document at <c>/openapi/v1.json</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapLseDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint();
        app.MapCampaignEndpoints();
        DashboardStartup.LogAddressesWhenStarted(app);
        return app;
    }
}
