using Df2.Silo.Core;
using static Df2.Cluster.Tests.SiloProcesses;

namespace Df2.Cluster.Tests;

/// <summary>
/// Mutual TLS (issue 21): a silo with the cluster's certificates serves only clients that present a certificate of the
/// cluster's CA. A client without one, or with one of another CA, can neither submit nor cancel; one with a certificate of
/// the CA can. A cluster silo or client without TLS refuses to start unless told --insecure.
/// </summary>
public class TlsTests
{
    [Fact]
    public async Task Only_a_client_with_a_certificate_of_the_cluster_CA_can_submit_and_cancel()
    {
        var dir = Paths.TempDir("tls");
        var cluster = TestCertificates.Cluster;
        using var silo = StartLocalTls(Path.Combine(dir, "state"), cluster);
        Assert.Contains("mutual TLS", silo.Process.Output);
        // cells that cannot finish during the test (100,000 epochs of 100 ms), so "cancelled" can only come from the cancel
        var spec = TinySpecs.Write(dir, "spin.yaml", TinySpecs.Spin("tls", cells: 2, epochs: 100_000, spinMs: 100));
        var good = new Dictionary<string, string>(LocalClient(silo));
        foreach (var (k, v) in cluster.Env()) good[k] = v;
        var stranger = new Dictionary<string, string>(LocalClient(silo));
        foreach (var (k, v) in new TestCertificates("other-ca").Leaf.Env()) stranger[k] = v;

        var (code, submitted) = Cli(good, "submit", spec, "--executor", "spin");
        Assert.True(code == 0, submitted + silo.Process.Output);
        var sweepId = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        // Without a certificate, or with one of another CA: no submit, no cancel (each refused within the client's
        // 30-s connect limit; run side by side).
        var refused = new[]
        {
            (LocalClient(silo), new[] { "submit", spec, "--executor", "spin" }), (stranger, new[] { "submit", spec, "--executor", "spin" }),
            (LocalClient(silo), new[] { "cancel", sweepId }), (stranger, new[] { "cancel", sweepId }),
        }.Select(c => Task.Run(() => Cli(c.Item1, c.Item2))).ToArray();
        await Task.WhenAll(refused);
        Assert.All(refused, r =>
        {
            Assert.True(r.Result.Code == 1, r.Result.Out);
            Assert.Contains("no gateway of the cluster answered", r.Result.Out);
        });
        var before = Cli(good, "status").Out;
        Assert.Contains(sweepId, before);
        Assert.DoesNotContain("cancelled=2", before);
        var (cancelCode, cancelled) = Cli(good, "cancel", sweepId);
        Assert.True(cancelCode == 0, cancelled);
        Assert.Contains("cancelled=2", Cli(good, "status").Out);
    }

    [Fact]
    public void A_cluster_end_without_TLS_refuses_to_start_unless_insecure()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SiloHostOptions.Load(["--storage", "UseDevelopmentStorage=true"]).Settings());
        Assert.Contains("--tls-cert, --tls-key and --tls-ca", e.Message);
        Assert.Contains("--insecure", e.Message);
        Assert.True(SiloHostOptions.Load(["--storage", "UseDevelopmentStorage=true", "--insecure"]).Settings().Insecure);
        Assert.Null(SiloHostOptions.Load(["--storage", ""]).Settings().Tls);   // a local silo binds loopback and needs no TLS
        var partial = Assert.ThrowsAny<ArgumentException>(() => SiloHostOptions.Load(["--storage", "", "--tls-cert", "x.crt"]).Settings());
        Assert.Equal("mutual TLS needs all of --tls-cert, --tls-key and --tls-ca (env DF2_TLS_CERT, DF2_TLS_KEY, DF2_TLS_CA)", partial.Message);
        var missing = Assert.ThrowsAny<ArgumentException>(() => SiloHostOptions.Load(["--storage", "", "--tls-cert", "/nonexistent/x.crt", "--tls-key", "/nonexistent/x.key", "--tls-ca", "/nonexistent/ca.crt"]).Settings());
        Assert.StartsWith("--tls-cert '/nonexistent/x.crt' / --tls-key '/nonexistent/x.key':", missing.Message);

        var (code, output) = Cli(new() { ["DF2_STORAGE"] = "UseDevelopmentStorage=true" }, "status");
        Assert.Equal(2, code);
        Assert.Contains("df2: error: df2 joins a cluster (--storage)", output);
    }

    [Fact]
    public void The_authority_check_accepts_its_own_certificates_only()
    {
        var cluster = TestCertificates.Cluster;
        var tls = ClusterTls.Load(cluster.Certificate, cluster.Key, cluster.Authority);
        Assert.True(tls.IssuedByAuthority(tls.Certificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors));
        var other = new TestCertificates("other-ca").Leaf;
        var foreign = ClusterTls.Load(other.Certificate, other.Key, other.Authority);
        Assert.False(tls.IssuedByAuthority(foreign.Certificate, null, System.Net.Security.SslPolicyErrors.None));
        Assert.False(tls.IssuedByAuthority(foreign.Authority, null, System.Net.Security.SslPolicyErrors.None));   // another CA itself
        Assert.False(tls.IssuedByAuthority(tls.Certificate, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable));
    }
}
