using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Orleans.Lse.Client.Cluster;

/// <summary>
/// The cluster's mutual TLS: this process's certificate and the one CA whose certificates it accepts from the other
/// side, silo or client. A peer without a certificate, or with one another CA signed, cannot connect.
/// </summary>
public sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 own, X509Certificate2 authority)
    {
        Own = own;
        Authority = authority;
    }

    public X509Certificate2 Own { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>Reads the PEM files named by <paramref name="options"/>; errors name the file and the problem.</summary>
    public static ClusterCertificates Load(LseClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2 own, authority;
        try
        {
            own = X509Certificate2.CreateFromPemFile(options.TlsCertificate!, options.TlsKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"{LseClusterOptions.Section}:TlsCertificate/TlsKey ('{options.TlsCertificate}', '{options.TlsKey}') cannot be read as a PEM certificate and its key: {e.Message}", e);
        }

        try
        {
            authority = X509CertificateLoader.LoadCertificateFromFile(options.TlsCa!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{LseClusterOptions.Section}:TlsCa ('{options.TlsCa}') cannot be read as a PEM certificate: {e.Message}", e);
        }

        var certificates = new ClusterCertificates(own, authority);
        if (!certificates.Accepts(own))
        {
            throw new InvalidOperationException($"{LseClusterOptions.Section}:TlsCertificate ('{options.TlsCertificate}') is not signed by the CA in TlsCa ('{options.TlsCa}'), or has expired.");
        }

        return certificates;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the cluster's CA (and only to it) and is valid now.</summary>
    public bool Accepts(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == Authority.Thumbprint;
    }

    /// <summary>Applies mutual TLS to Orleans' connection options: both sides present a certificate, both check the other's.</summary>
    public void Configure(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.LocalCertificate = Own;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

        // Trust is "signed by the cluster's CA", checked here; host names are not part of it (silos move between hosts).
        tls.RemoteCertificateValidation = (certificate, _, _) => Accepts(certificate);
        tls.OnAuthenticateAsClient = (_, client) => client.TargetHost = "lse-cluster";
    }
}
