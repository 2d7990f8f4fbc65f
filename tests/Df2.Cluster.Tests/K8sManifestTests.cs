using Df2.Silo.Host;
using YamlDotNet.RepresentationModel;

namespace Df2.Cluster.Tests;

/// <summary>The kustomize manifests parse, carry the required fields, and agree with the code (roles, options, ports, probes).</summary>
public class K8sManifestTests
{
    private static readonly string Base = Path.Combine(Paths.Repo, "k8s", "base");

    private static List<YamlMappingNode> Docs(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Base, file))));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static YamlNode At(YamlNode n, params object[] path)
    {
        foreach (var p in path)
            n = p is int i ? ((YamlSequenceNode)n).Children[i] : ((YamlMappingNode)n).Children[new YamlScalarNode((string)p)];
        return n;
    }

    private static string S(YamlNode n, params object[] path) => ((YamlScalarNode)At(n, path)).Value!;

    private static YamlMappingNode Kind(string kind, string name) =>
        Directory.GetFiles(Base, "*.yaml").Where(f => !f.EndsWith("kustomization.yaml")).SelectMany(f => Docs(Path.GetFileName(f)))
            .Single(d => S(d, "kind") == kind && S(d, "metadata", "name") == name);

    [Fact]
    public void Kustomization_lists_existing_files_and_every_document_has_api_version_kind_name()
    {
        var k = Docs("kustomization.yaml").Single();
        foreach (var r in ((YamlSequenceNode)At(k, "resources")).Children.Cast<YamlScalarNode>())
        {
            Assert.True(File.Exists(Path.Combine(Base, r.Value!)), r.Value);
            foreach (var d in Docs(r.Value!))
            {
                Assert.NotEmpty(S(d, "apiVersion"));
                Assert.NotEmpty(S(d, "kind"));
                Assert.NotEmpty(S(d, "metadata", "name"));
            }
        }
        Assert.True(File.Exists(Path.Combine(Paths.Repo, "k8s", "overlays", "cpu", "kustomization.yaml")));
    }

    [Fact]
    public void Api_deployment_matches_the_code()
    {
        var api = Kind("Deployment", "silo-api");
        var c = At(api, "spec", "template", "spec", "containers", 0);
        Assert.Equal("df2cluster/df2-silo", S(c, "image"));
        Assert.Equal("api", S(c, "args", 0));
        Assert.Equal("8080", S(c, "ports", 0, "containerPort"));
        Assert.Equal("/readyz", S(c, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", S(c, "livenessProbe", "httpGet", "path"));
        Assert.Equal("0", S(api, "spec", "strategy", "rollingUpdate", "maxUnavailable"));
        var cm = Kind("ConfigMap", "df2-config");
        Assert.EndsWith(":8080", S(cm, "data", "DF2_URLS"));
        var svc = Kind("Service", "silo-api");
        Assert.Equal("http", S(svc, "spec", "ports", 0, "targetPort"));
        Assert.Equal("http://silo-api:" + S(svc, "spec", "ports", 0, "port"), S(cm, "data", "DF2_API"));
        foreach (var e in ((YamlSequenceNode)At(c, "env")).Children)
            Assert.Contains(OptionOf(S(e, "name")), ApiRole.Options);
    }

    [Fact]
    public void Worker_deployment_requests_one_gpu_holds_no_database_secret_and_uses_known_options()
    {
        var w = Kind("Deployment", "silo-worker");
        var c = At(w, "spec", "template", "spec", "containers", 0);
        Assert.Equal("df2cluster/df2-silo", S(c, "image"));
        Assert.Equal("worker", S(c, "args", 0));
        Assert.Equal("1", S(c, "resources", "limits", "nvidia.com/gpu"));
        var env = ((YamlSequenceNode)At(c, "env")).Children;
        Assert.DoesNotContain(env, e => S(e, "name") == "DF2_STORE");
        foreach (var e in env) Assert.Contains(OptionOf(S(e, "name")), WorkerRole.Options);
        var args = ((YamlSequenceNode)At(c, "args")).Children.Cast<YamlScalarNode>().Skip(1).Where(a => a.Value!.StartsWith("--"));
        foreach (var a in args) Assert.Contains(a.Value![2..], WorkerRole.Options);
    }

    [Fact]
    public void Postgres_statefulset_has_a_volume_claim_and_the_dsn_points_at_its_service()
    {
        var pg = Kind("StatefulSet", "postgres");
        Assert.Equal("data", S(pg, "spec", "volumeClaimTemplates", 0, "metadata", "name"));
        Assert.Equal("5432", S(pg, "spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"));
        Assert.Contains("Host=postgres;Port=5432", S(Kind("Secret", "df2-secrets"), "stringData", "DF2_STORE"));
    }

    /// <summary>DF2_LEASE_SECONDS → lease-seconds (the env fallback of <see cref="SiloArgs"/>).</summary>
    private static string OptionOf(string env) => env["DF2_".Length..].ToLowerInvariant().Replace('_', '-');
}
