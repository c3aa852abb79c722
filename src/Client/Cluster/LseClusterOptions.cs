namespace Orleans.Lse.Client.Cluster;

/// <summary>
/// How silos find each other and where state lives. Configuration section <see cref="Section"/> (environment variables
/// <c>Lse__Cluster__Mode</c> and so on).
/// </summary>
public sealed class LseClusterOptions
{
    public const string Section = "Lse:Cluster";

    /// <summary>Localhost (default: one machine, SQLite, nothing to install) or PostgreSql (several machines).</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.Localhost;

    /// <summary>Where the SQLite database, checkpoints, datasets and campaign images live. Default: $LSE_CACHE or ./.cache.</summary>
    public string DataDirectory { get; set; } = Environment.GetEnvironmentVariable("LSE_CACHE") is { Length: > 0 } cache ? cache : Path.Combine(Environment.CurrentDirectory, ".cache");

    /// <summary>Dataset cache. Default: &lt;DataDirectory&gt;/datasets (shared with <c>lse reproduce</c>).</summary>
    public string? DatasetDirectory { get; set; }

    /// <summary>
    /// Further directories whose subdirectories campaign specs may name as datasets (absolute paths). A spec's dataset is
    /// mnist, fashion-mnist, a directory of IDX files, or (for a user model) an image folder: a relative path resolves against <see cref="DatasetDirectory"/>,
    /// and any path must resolve inside that directory or one of these. Default: none.
    /// </summary>
    public string[] DatasetRoots { get; set; } = [];

    /// <summary>Checkpoints. Default: &lt;DataDirectory&gt;/models (shared with <c>lse reproduce</c>).</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Registered user models (<c>lse model add</c>), which campaigns may name. Default: &lt;DataDirectory&gt;/user-models
    /// (the CLI's default registry). Several machines: a shared directory, or the same registrations on each.
    /// </summary>
    public string? UserModelDirectory { get; set; }

    /// <summary>SQLite database file for grain state in Localhost mode. Default: &lt;DataDirectory&gt;/service/lse.db.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Npgsql connection string; required in PostgreSql mode.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Silo-to-silo port. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// PostgreSql mode: the IP address other silos and clients use to reach this one. Default: Orleans' choice (the
    /// first non-loopback IPv4 address), which can be a Docker or VPN interface on some hosts.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Orleans cluster id. Default "lse".</summary>
    public string ClusterId { get; set; } = "lse";

    /// <summary>Orleans service id (keys the stored state). Default "orleans-lse".</summary>
    public string ServiceId { get; set; } = "orleans-lse";

    /// <summary>
    /// How long a stopping silo (SIGTERM, Ctrl+C) may take to drain: grains write their state and deactivate, running
    /// blocks are abandoned (their stored searches stay; the rest run again after the restart). Default 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// PEM certificate of this silo or client, signed by <see cref="TlsCa"/>; with <see cref="TlsKey"/> and
    /// <see cref="TlsCa"/> it turns on mutual TLS: every silo and client proves it holds a certificate of the cluster's CA.
    /// Required in PostgreSql mode (unless <see cref="AllowPlaintext"/>); optional on one machine. deploy/make-certs.sh
    /// makes a CA and certificates.
    /// </summary>
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/> (a file only its owner can read).</summary>
    public string? TlsKey { get; set; }

    /// <summary>PEM certificate of the cluster's CA: the only issuer whose certificates are accepted.</summary>
    public string? TlsCa { get; set; }

    /// <summary>PostgreSql mode without TLS: anyone who reaches a silo can drive it. Default false; for closed test networks only.</summary>
    public bool AllowPlaintext { get; set; }

    public bool TlsEnabled => TlsCertificate is { Length: > 0 };

    public string ResolvedDatasetDirectory => DatasetDirectory ?? Path.Combine(DataDirectory, "datasets");

    public string ResolvedModelDirectory => ModelDirectory ?? Path.Combine(DataDirectory, "models");

    public string ResolvedUserModelDirectory => UserModelDirectory ?? Core.UserModels.UserModelRegistry.DefaultDirectory(DataDirectory);

    public string ResolvedSqlitePath => SqlitePath ?? Path.Combine(DataDirectory, "service", "lse.db");

    /// <summary>Throws an <see cref="InvalidOperationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Mode == ClusterMode.PostgreSql && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new InvalidOperationException($"{Section}:PostgresConnectionString is required when {Section}:Mode is PostgreSql.");
        }

        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{Section}:SiloPort and GatewayPort must be TCP ports (got {SiloPort}, {GatewayPort}).");
        }

        if (AdvertisedAddress is { Length: > 0 } && !System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
        {
            throw new InvalidOperationException($"{Section}:AdvertisedAddress must be an IP address (got '{AdvertisedAddress}').");
        }

        if (TlsEnabled != (TlsKey is { Length: > 0 }) || TlsEnabled != (TlsCa is { Length: > 0 }))
        {
            throw new InvalidOperationException($"{Section}:TlsCertificate, TlsKey and TlsCa go together (got {(TlsEnabled ? "a" : "no")} certificate, {(TlsKey is { Length: > 0 } ? "a" : "no")} key, {(TlsCa is { Length: > 0 } ? "a" : "no")} CA).");
        }

        if (Mode == ClusterMode.PostgreSql && !TlsEnabled && !AllowPlaintext)
        {
            throw new InvalidOperationException($"{Section}:Mode PostgreSql needs mutual TLS ({Section}:TlsCertificate, TlsKey, TlsCa; deploy/make-certs.sh makes them), or {Section}:AllowPlaintext=true on a network only you can reach.");
        }

        if (ShutdownTimeout <= TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromMinutes(10))
        {
            throw new InvalidOperationException($"{Section}:ShutdownTimeout must be in (0, 10 minutes] (got {ShutdownTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException($"{Section}:DataDirectory must not be empty.");
        }
    }
}
