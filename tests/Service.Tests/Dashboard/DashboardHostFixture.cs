using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Dashboard.Hosting;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Service.Tests.Dashboard;

/// <summary>
/// A silo as <c>lse-silo</c> hosts it (SQLite storage, localhost clustering) with its HTTP surface on a free loopback
/// port and an API key, in this process; <see cref="Http"/> talks to it.
/// </summary>
public sealed class DashboardHostFixture : IAsyncLifetime
{
    public const string ApiKey = "test-key-0123456789abcdef";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lse-dashboard-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The host's own cluster client, for what the pages read directly.</summary>
    public IClusterClient Client => _app.Services.GetRequiredService<IClusterClient>();

    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lse:Cluster:DataDirectory"] = DataDirectory,
            ["Lse:Cluster:DatasetDirectory"] = Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets"),
            ["Lse:Cluster:SiloPort"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lse:Cluster:GatewayPort"] = LocalPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Lse:Compute:Device"] = "cpu",
            ["Lse:Campaigns:PollInterval"] = "00:00:00.050",
            ["Lse:Dashboard:Urls"] = "http://127.0.0.1:0",
            ["Lse:Dashboard:ApiKey"] = ApiKey,
            ["Lse:Dashboard:MaxRequestBodyBytes"] = "65536",
        });
        builder.UseOrleans(silo => silo.AddLseSilo().AddLseOrleansDashboard());
        builder.AddLseDashboard();
        _app = builder.Build();
        _app.MapLseDashboard();
        await _app.StartAsync();
        string address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardHostCollection : ICollectionFixture<DashboardHostFixture>
{
    public const string Name = "dashboard host";
}
