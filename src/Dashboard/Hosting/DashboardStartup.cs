using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>Logs where the HTTP surface listens once the server has bound (the actual port when the URL asked for 0).</summary>
internal static partial class DashboardStartup
{
    public static void LogAddressesWhenStarted(WebApplication app) => app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Lse.Dashboard");
        LogListening(logger, string.Join(", ", addresses), app.Services.GetRequiredService<DashboardOptions>().ApiKey is { Length: > 0 } ? "on" : "off");
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP on {Addresses}: dashboard /, REST API /api/campaigns, API reference /api-docs, Prometheus /metrics, Orleans dashboard /orleans (API key {ApiKey})")]
    private static partial void LogListening(ILogger logger, string addresses, string apiKey);
}
