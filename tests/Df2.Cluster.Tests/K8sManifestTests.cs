using Df2.Silo.Core;
using YamlDotNet.RepresentationModel;

namespace Df2.Cluster.Tests;

/// <summary>The kustomize manifests parse, carry the required fields and agree with the silo's options, ports and probes.</summary>
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

    [Theory]
    [InlineData("silo-gpu", "cuda:0")]
    [InlineData("silo-cpu", "cpu:2")]
    public void Silo_deployments_use_kubernetes_hosting_known_options_probes_and_drain_time(string name, string devices)
    {
        var d = Kind("Deployment", name);
        var pod = At(d, "spec", "template", "spec");
        Assert.Equal("df2-silo", S(pod, "serviceAccountName"));
        Assert.True(int.Parse(S(pod, "terminationGracePeriodSeconds")) > 60, "longer than the host's 60 s drain");
        var labels = (YamlMappingNode)At(d, "spec", "template", "metadata", "labels");
        Assert.Equal("df2", S(labels, "orleans/serviceId"));
        var c = At(pod, "containers", 0);
        var args = ((YamlSequenceNode)At(c, "args")).Children.Cast<YamlScalarNode>().Select(a => a.Value!).ToList();
        Assert.Equal(["--kubernetes", "--devices", devices], args);
        foreach (var e in ((YamlSequenceNode)At(c, "env")).Children.Select(e => S(e, "name")).Where(n => n.StartsWith("DF2_")))
            Assert.Contains(e["DF2_".Length..].ToLowerInvariant().Replace('_', '-'), SiloHostOptions.Known);
        foreach (var e in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID" })
            Assert.Contains(((YamlSequenceNode)At(c, "env")).Children, x => S(x, "name") == e);
        Assert.Equal("/readyz", S(c, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", S(c, "livenessProbe", "httpGet", "path"));
        var ports = ((YamlSequenceNode)At(c, "ports")).Children.Select(p => S(p, "containerPort")).ToList();
        Assert.Equal(["11111", "30000", "8080"], ports);
        if (devices.StartsWith("cuda")) Assert.Equal("1", S(c, "resources", "limits", "nvidia.com/gpu"));
    }

    [Fact]
    public void Rbac_lets_silos_list_pods_and_the_network_policy_keeps_silo_and_gateway_ports_internal()
    {
        var role = Kind("Role", "df2-silo-pods");
        var verbs = ((YamlSequenceNode)At(role, "rules", 0, "verbs")).Children.Cast<YamlScalarNode>().Select(v => v.Value).ToList();
        Assert.Contains("list", verbs);
        Assert.Contains("watch", verbs);
        Assert.Equal("df2-silo", S(Kind("RoleBinding", "df2-silo-pods"), "subjects", 0, "name"));
        var np = Kind("NetworkPolicy", "df2-silo-ports");
        var internalRule = At(np, "spec", "ingress", 0);
        Assert.Equal("df2cluster", S(internalRule, "from", 0, "podSelector", "matchLabels", "app.kubernetes.io/part-of"));
        Assert.Equal(["11111", "30000"], ((YamlSequenceNode)At(internalRule, "ports")).Children.Select(p => S(p, "port")).ToList());
        Assert.Equal("ClusterIP", S(Kind("Service", "df2-dashboard"), "spec", "type"));
        Assert.Contains("DF2_STORAGE", ((YamlMappingNode)At(Kind("Secret", "df2-secrets"), "stringData")).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
    }

    /// <summary>`kubectl kustomize` renders every overlay when kubectl is installed (skipped otherwise, with the reason).</summary>
    [KubectlFact]
    public void Kubectl_kustomize_renders_base_and_overlays()
    {
        var kubectl = KubectlFactAttribute.Kubectl!;
        foreach (var dir in new[] { "base", "overlays/cpu", "overlays/azurite" })
        {
            var psi = new System.Diagnostics.ProcessStartInfo(kubectl, ["kustomize", Path.Combine(Paths.Repo, "k8s", dir)])
                { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"kubectl kustomize {dir}: {err}");
            Assert.Contains("kind: NetworkPolicy", output);
        }
    }

    [Fact]
    public void Kustomization_lists_existing_files_and_every_document_has_api_version_kind_name()
    {
        var k = Docs("kustomization.yaml").Single();
        foreach (var r in ((YamlSequenceNode)k.Children[new YamlScalarNode("resources")]).Children.Cast<YamlScalarNode>())
        {
            Assert.True(File.Exists(Path.Combine(Base, r.Value!)), r.Value);
            foreach (var d in Docs(r.Value!))
            {
                Assert.NotEmpty(S(d, "apiVersion"));
                Assert.NotEmpty(S(d, "kind"));
                Assert.NotEmpty(S(d, "metadata", "name"));
            }
        }
    }
}

/// <summary>A test that runs kubectl: skipped with the reason when it is not installed (the structural checks still run).</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public static string? Kubectl { get; } = new[] { "/usr/bin/kubectl", "/usr/local/bin/kubectl" }.FirstOrDefault(File.Exists);

    public KubectlFactAttribute()
    {
        if (Kubectl is null) Skip = "kubectl is not installed (/usr/bin or /usr/local/bin); the manifests' structural tests still run";
    }
}
