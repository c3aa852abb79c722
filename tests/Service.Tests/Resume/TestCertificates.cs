using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Lse.Service.Tests.Resume;

/// <summary>A throw-away CA and certificates as PEM files, as deploy/make-certs.sh makes them.</summary>
internal static class TestCertificates
{
    /// <summary>Writes &lt;name&gt;-ca.pem and, for each leaf, &lt;leaf&gt;.pem and &lt;leaf&gt;.key signed by that CA; returns the paths.</summary>
    public static (string Ca, Dictionary<string, (string Certificate, string Key)> Leaves) Create(string directory, string name, params string[] leaves)
    {
        Directory.CreateDirectory(directory);
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        string caPath = Path.Combine(directory, $"{name}-ca.pem");
        File.WriteAllText(caPath, ca.ExportCertificatePem());

        var written = new Dictionary<string, (string, string)>();
        foreach (string leaf in leaves)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest($"CN={leaf}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
            using var certificate = request.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
            string certificatePath = Path.Combine(directory, $"{leaf}.pem"), keyPath = Path.Combine(directory, $"{leaf}.key");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            written[leaf] = (certificatePath, keyPath);
        }

        return (caPath, written);
    }
}
