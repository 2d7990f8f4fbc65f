using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Df2.Cluster.Tests;

/// <summary>
/// A private certificate authority and certificates it issues, as PEM files in a temp folder: what the k8s Secret df2-tls
/// holds (tls.crt, tls.key, ca.crt). The Azure cluster tests run their silos and clients over mutual TLS with
/// <see cref="Cluster"/>; the TLS tests also use a certificate of another authority.
/// </summary>
public sealed class TestCertificates
{
    public sealed record Files(string Certificate, string Key, string Authority)
    {
        /// <summary>The environment variables a df2-silo or df2 client reads them from.</summary>
        public Dictionary<string, string> Env() => new() { ["DF2_TLS_CERT"] = Certificate, ["DF2_TLS_KEY"] = Key, ["DF2_TLS_CA"] = Authority };
    }

    private static readonly Lazy<TestCertificates> Shared = new(() => new TestCertificates("df2-test-ca"));

    /// <summary>The certificates of this test process's cluster CA (one leaf for every silo and client).</summary>
    public static Files Cluster => Shared.Value.Leaf;

    public Files Leaf { get; }

    public TestCertificates(string authorityName)
    {
        var dir = Paths.TempDir("tls");
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={authorityName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=df2-node", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));   // server and client authentication
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        Leaf = new Files(Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"), Path.Combine(dir, "ca.crt"));
        File.WriteAllText(Leaf.Certificate, leaf.ExportCertificatePem());
        File.WriteAllText(Leaf.Key, leafKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Leaf.Authority, ca.ExportCertificatePem());
    }
}
