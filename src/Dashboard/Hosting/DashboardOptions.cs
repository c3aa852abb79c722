using System.Net;
using Microsoft.AspNetCore.Http;

namespace Orleans.Lse.Dashboard.Hosting;

/// <summary>The HTTP surface's settings (section <c>Lse:Dashboard</c>), validated when the host starts.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Lse:Dashboard";

    /// <summary>Whether the silo serves HTTP at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where it listens (Kestrel URLs, ';'-separated). Default <c>http://127.0.0.1:5080</c>: this machine only.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The key every mutating request must carry in <c>X-Api-Key</c>. Required when <see cref="Urls"/> reaches beyond
    /// this machine; optional (and then enforced) on loopback. Default none.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest request body in bytes (a campaign spec is a few hundred). Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>How often an open page reads the cluster again. Default 1 s; at least 100 ms.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws naming the setting unless the options are usable.</summary>
    public void Validate()
    {
        if (RefreshInterval < TimeSpan.FromMilliseconds(100) || RefreshInterval > TimeSpan.FromHours(1))
        {
            throw new InvalidOperationException($"{Section}:RefreshInterval must be between 00:00:00.1 and 01:00:00 (got {RefreshInterval}).");
        }

        var urls = Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (urls.Length == 0)
        {
            throw new InvalidOperationException($"{Section}:Urls is empty.");
        }

        foreach (var url in urls)
        {
            // Read as Kestrel reads it: a host that is neither "localhost" nor an IP address means every address.
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{Section}:Urls: '{url}' is not an http(s) URL.");
            }

            if (address.Scheme is not ("http" or "https") || address.IsUnixPipe || address.IsNamedPipe)
            {
                throw new InvalidOperationException($"{Section}:Urls: '{url}' is not an http(s) URL.");
            }

            if (!IsLoopback(address.Host) && string.IsNullOrEmpty(ApiKey))
            {
                throw new InvalidOperationException($"{Section}:Urls listens on '{address.Host}', beyond this machine: set {Section}:ApiKey so that campaigns cannot be submitted, paused or cancelled by anyone who can reach it.");
            }
        }

        if (ApiKey is { Length: > 0 and < 16 })
        {
            throw new InvalidOperationException($"{Section}:ApiKey must be at least 16 characters (got {ApiKey.Length}).");
        }

        if (MaxRequestBodyBytes is < 1024 or > 64L << 20)
        {
            throw new InvalidOperationException($"{Section}:MaxRequestBodyBytes must be in 1024..{64L << 20} (got {MaxRequestBodyBytes}).");
        }
    }

    /// <summary>Whether every one of <see cref="Urls"/> binds loopback only, as Kestrel reads them.</summary>
    public bool OnlyLoopback => Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(url => IsLoopback(BindingAddress.Parse(url).Host));

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
