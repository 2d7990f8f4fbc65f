using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Df2.Silo.Core;

/// <summary>
/// Mutual TLS for a cluster's silo-to-silo and client-to-gateway connections (Microsoft.Orleans.Connections.Security):
/// every end presents <see cref="Certificate"/> and accepts a peer only when the peer's certificate chains to the
/// cluster's own certificate authority <see cref="Authority"/> (a private CA, e.g. the <c>ca.crt</c> of the k8s Secret
/// df2-tls). Peers connect by IP address, so the host name is not checked: holding a certificate of this CA is the
/// credential. Files are PEM: certificate, its private key, the CA certificate.
/// </summary>
public sealed class ClusterTls
{
    /// <summary>The name a connecting end asks for (SNI); not checked, see the class remarks.</summary>
    public const string TargetHost = "df2-cluster";

    public X509Certificate2 Certificate { get; }

    public X509Certificate2 Authority { get; }

    private ClusterTls(X509Certificate2 certificate, X509Certificate2 authority) => (Certificate, Authority) = (certificate, authority);

    /// <summary>
    /// The TLS of a silo or client from its options (<paramref name="get"/>: tls-cert, tls-key, tls-ca), null when none is
    /// given; some but not all of them is an error.
    /// </summary>
    public static ClusterTls? FromOptions(Func<string, string?> get)
    {
        var (cert, key, ca) = (get("tls-cert"), get("tls-key"), get("tls-ca"));
        if (string.IsNullOrEmpty(cert) && string.IsNullOrEmpty(key) && string.IsNullOrEmpty(ca)) return null;
        if (string.IsNullOrEmpty(cert) || string.IsNullOrEmpty(key) || string.IsNullOrEmpty(ca))
            throw new ArgumentException("mutual TLS needs all of --tls-cert, --tls-key and --tls-ca (env DF2_TLS_CERT, DF2_TLS_KEY, DF2_TLS_CA)");
        return Load(cert, key, ca);
    }

    /// <summary>The one error for a cluster end (Azure Storage membership) with neither TLS nor an explicit --insecure.</summary>
    public static string Required(string who) =>
        $"{who} joins a cluster (--storage), whose traffic must be authenticated: give --tls-cert, --tls-key and --tls-ca " +
        "(env DF2_TLS_CERT, DF2_TLS_KEY, DF2_TLS_CA; in Kubernetes the Secret df2-tls) for mutual TLS, or --insecure (env DF2_INSECURE=1) to run without it";

    /// <summary>The warning an end prints when it runs a cluster without TLS on purpose.</summary>
    public const string InsecureWarning =
        "WARNING: --insecure: silo-to-silo and client-to-gateway traffic is neither authenticated nor encrypted; anyone who reaches the ports can submit and cancel sweeps";

    /// <summary>Loads the three PEM files; a missing or unreadable file is one error naming the option and the path.</summary>
    public static ClusterTls Load(string certificatePath, string keyPath, string authorityPath)
    {
        X509Certificate2 certificate, authority;
        try { certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new ArgumentException($"--tls-cert '{certificatePath}' / --tls-key '{keyPath}': {e.Message}");
        }
        if (!certificate.HasPrivateKey) throw new ArgumentException($"--tls-key '{keyPath}' holds no private key for '{certificatePath}'");
        try { authority = X509CertificateLoader.LoadCertificateFromFile(authorityPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"--tls-ca '{authorityPath}': {e.Message}");
        }
        return new ClusterTls(certificate, authority);
    }

    /// <summary>
    /// The TLS settings of one end: present <see cref="Certificate"/>, require the peer's (as server and as client),
    /// accept it only if it chains to <see cref="Authority"/>.
    /// </summary>
    public void Apply(TlsOptions o)
    {
        o.LocalCertificate = Certificate;
        o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        o.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        o.RemoteCertificateValidation = IssuedByAuthority;
        o.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = TargetHost;
    }

    /// <summary>True when <paramref name="certificate"/> chains to <see cref="Authority"/> (and only to it), within its validity.</summary>
    public bool IssuedByAuthority(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return false;
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.Add(Authority);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!own.Build(certificate)) return false;
        var root = own.ChainElements[^1].Certificate;
        return root.RawData.AsSpan().SequenceEqual(Authority.RawData);
    }
}
