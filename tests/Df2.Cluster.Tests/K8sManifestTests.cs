using YamlDotNet.RepresentationModel;

namespace Df2.Cluster.Tests;

/// <summary>The kustomize manifests parse and every listed resource exists with apiVersion, kind and name.</summary>
public class K8sManifestTests
{
    private static readonly string Base = Path.Combine(Paths.Repo, "k8s", "base");

    private static List<YamlMappingNode> Docs(string file)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(Base, file))));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string S(YamlNode n, params string[] path)
    {
        foreach (var p in path) n = ((YamlMappingNode)n).Children[new YamlScalarNode(p)];
        return ((YamlScalarNode)n).Value!;
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
