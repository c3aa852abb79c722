using System.Security.Cryptography.X509Certificates;
using Orleans.Hosting;
using Orleans.Lse.Client.Cluster;
using Orleans.Lse.Core.Data;
using Orleans.Lse.Grains.Campaigns;
using Orleans.Lse.Grains.Hosting;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>A silo with mutual TLS serves clients holding a certificate of its CA, and nobody else.</summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class MutualTlsTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lse-tls-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int _siloPort = LocalPorts.Free();
    private readonly int _gatewayPort = LocalPorts.Free();

    [Fact]
    public async Task OnlyClientsWithACertificateOfTheClustersCaConnect()
    {
        // The cluster's certificates as an operator makes them (deploy/make-certs.sh, openssl); an intruder's from another CA.
        string certs = Path.Combine(_data, "certs");
        using (var script = System.Diagnostics.Process.Start("bash", [Path.Combine(Repository.Root, "deploy", "make-certs.sh"), certs, "silo", "client"]))
        {
            await script.WaitForExitAsync();
            Assert.True(script.ExitCode == 0, $"deploy/make-certs.sh exited with {script.ExitCode}");
        }

        string ca = Path.Combine(certs, "ca.pem");
        var ours = new[] { "silo", "client" }.ToDictionary(n => n, n => (Certificate: Path.Combine(certs, n + ".pem"), Key: Path.Combine(certs, n + ".key")));
        var (otherCa, theirs) = TestCertificates.Create(Path.Combine(_data, "other"), "other", "intruder");
        using var silo = SiloProcess.Start(
        [
            $"--Lse:Cluster:DataDirectory={_data}",
            $"--Lse:Cluster:DatasetDirectory={Path.Combine(DatasetCatalog.DefaultCacheDirectory, "datasets")}",
            $"--Lse:Cluster:SiloPort={_siloPort}",
            $"--Lse:Cluster:GatewayPort={_gatewayPort}",
            $"--Lse:Cluster:TlsCertificate={ours["silo"].Certificate}",
            $"--Lse:Cluster:TlsKey={ours["silo"].Key}",
            $"--Lse:Cluster:TlsCa={ca}",
            "--Lse:Compute:Device=cpu",
        ]);

        await using (var client = await ClusterClient.Connect(Client(ours["client"].Certificate, ours["client"].Key, ca), () => silo.HasExited))
        {
            Assert.Empty(await client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).List());
        }

        // The silo is up and serving: neither a plaintext client nor one whose certificate another CA signed gets in.
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndList(Client(null, null, null), silo));
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndList(Client(theirs["intruder"].Certificate, theirs["intruder"].Key, otherCa), silo));

        // An intruder who accepts any server certificate and presents its own: the silo's check is what stops it.
        using var intruder = X509Certificate2.CreateFromPemFile(theirs["intruder"].Certificate, theirs["intruder"].Key);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ConnectAndList(client => client
            .UseLocalhostClustering(_gatewayPort, "orleans-lse", "lse")
            .UseTls(intruder, tls =>
            {
                tls.AllowAnyRemoteCertificate();
                tls.OnAuthenticateAsClient = (_, options) => options.TargetHost = "lse-cluster";
            }), silo));
        Assert.IsNotType<InvalidOperationException>(error);
        Assert.False(silo.HasExited, silo.Output);
    }

    [Fact]
    public void ClusterModeRefusesToRunWithoutTlsUnlessToldTheNetworkIsClosed()
    {
        var options = new LseClusterOptions { Mode = ClusterMode.PostgreSql, PostgresConnectionString = "Host=db" };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("needs mutual TLS", error.Message, StringComparison.Ordinal);
        options.AllowPlaintext = true;
        options.Validate();
        options.TlsCertificate = "a.pem";
        Assert.Contains("go together", Assert.Throws<InvalidOperationException>(options.Validate).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private LseClusterOptions Client(string? certificate, string? key, string? ca) => new()
    {
        DataDirectory = _data,
        GatewayPort = _gatewayPort,
        SiloPort = _siloPort,
        TlsCertificate = certificate,
        TlsKey = key,
        TlsCa = ca,
    };

    private Task ConnectAndList(LseClusterOptions options, SiloProcess silo) => ConnectAndList(client => client.UseLseClusterClient(options), silo);

    private async Task ConnectAndList(Action<IClientBuilder> configure, SiloProcess silo)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await using var client = await ClusterClient.Connect(configure, () => silo.HasExited, TimeSpan.Zero);
            output.WriteLine($"connected after {clock.Elapsed.TotalSeconds:F1} s");
            await client.Client.GetGrain<ICampaignCatalogGrain>(ICampaignCatalogGrain.Key).List().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (Exception e)
        {
            output.WriteLine($"refused after {clock.Elapsed.TotalSeconds:F1} s: {e.GetType().Name}: {e.Message}");
            throw;
        }
    }
}
