using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Df2.Specs;

/// <summary>
/// Parses the sweep spec YAML into a <see cref="SweepSpec"/>, keeping the line/column of every
/// node so that any structural problem (and later, any rejected task/method/parameter) is
/// reported as ONE <see cref="SweepSpecException"/> naming the field and line.
/// </summary>
public static class SweepSpecParser
{
    private static readonly HashSet<string> TopKeys = ["name", "seeds", "data_seeds", "defaults", "tasks", "methods"];

    public static SweepSpec ParseFile(string path)
    {
        if (!File.Exists(path)) throw new SweepSpecException(path, "(file)", 0, 0, "spec file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static SweepSpec Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(yaml)));
        try { stream.Load(parser); }
        catch (YamlException e)
        {
            throw new SweepSpecException(source, "(yaml)", (int)e.Start.Line, (int)e.Start.Column, e.Message);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way at an unexpected end of input (e.g. an unclosed '[').
            throw new SweepSpecException(source, "(yaml)", (int)parser.Last.Line, (int)parser.Last.Column,
                "YAML syntax error after this point (unclosed '[' or '{', or unexpected end of file)");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new SweepSpecException(source, "(root)", 1, 1, "the spec must be a YAML mapping with name, seeds, tasks, methods");
        var p = new NodeReader(source);
        foreach (var key in root.Children.Keys)
        {
            var k = p.Scalar(key, "(root)");
            if (!TopKeys.Contains(k)) p.Fail(key, k, $"unknown field (expected one of: {string.Join(", ", TopKeys)})");
        }
        var name = p.Scalar(p.Required(root, "name", "name"), "name");
        if (name.Length == 0 || name.Any(c => !(char.IsLetterOrDigit(c) || c is '-' or '_' or '.')))
            p.Fail(p.Required(root, "name", "name"), "name", "must be non-empty letters, digits, '-', '_' or '.'");
        var seeds = p.IntList(p.Required(root, "seeds", "seeds"), "seeds");
        var dataSeeds = p.Optional(root, "data_seeds") is { } ds ? p.IntList(ds, "data_seeds") : [0];
        var (defaults, defaultsWhere) = p.Optional(root, "defaults") is { } dn ? p.Params(dn, "defaults") : (new(), new());
        var tasks = p.Seq(p.Required(root, "tasks", "tasks"), "tasks").Select((n, i) => ReadTask(p, n, $"tasks[{i}]")).ToList();
        var methods = p.Seq(p.Required(root, "methods", "methods"), "methods").Select((n, i) => ReadMethod(p, n, $"methods[{i}]")).ToList();
        CheckUnique(p, source, tasks.Select(t => (t.Name, t.Where)), "task");
        return new SweepSpec(name, seeds, dataSeeds, defaults, defaultsWhere, tasks, methods, source, yaml);
    }

    private static void CheckUnique(NodeReader p, string source, IEnumerable<(string Name, SpecLocation Where)> items, string what)
    {
        var seen = new HashSet<string>();
        foreach (var (n, w) in items)
            if (!seen.Add(n)) throw new SweepSpecException(source, w.Field, w.Line, w.Column, $"{what} '{n}' is listed twice");
    }

    private static TaskEntry ReadTask(NodeReader p, YamlNode node, string field)
    {
        if (node is YamlScalarNode)
            return new TaskEntry(p.Scalar(node, field), new Dictionary<string, string>(), p.Loc(node, field), new Dictionary<string, SpecLocation>());
        var map = p.Map(node, field);
        p.OnlyKeys(map, field, "name", "params");
        var nameNode = p.Required(map, "name", field + ".name");
        var (prm, where) = p.Optional(map, "params") is { } pn ? p.Params(pn, field + ".params") : (new(), new());
        return new TaskEntry(p.Scalar(nameNode, field + ".name"), prm, p.Loc(nameNode, field + ".name"), where);
    }

    private static MethodEntry ReadMethod(NodeReader p, YamlNode node, string field)
    {
        if (node is YamlScalarNode)
            return new MethodEntry(p.Scalar(node, field), new Dictionary<string, string>(), [], p.Loc(node, field), new Dictionary<string, SpecLocation>());
        var map = p.Map(node, field);
        p.OnlyKeys(map, field, "name", "params", "variants");
        var nameNode = p.Required(map, "name", field + ".name");
        var (prm, where) = p.Optional(map, "params") is { } pn ? p.Params(pn, field + ".params") : (new(), new());
        var variants = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        if (p.Optional(map, "variants") is { } vn)
        {
            foreach (var (k, v) in p.Map(vn, field + ".variants").Children)
            {
                var key = p.Scalar(k, field + ".variants");
                var vf = $"{field}.variants.{key}";
                var values = v is YamlSequenceNode ? p.Seq(v, vf).Select(x => p.Scalar(x, vf)).ToList() : [p.Scalar(v, vf)];
                if (values.Count == 0) p.Fail(v, vf, "variant list is empty");
                if (values.Distinct().Count() != values.Count) p.Fail(v, vf, "variant values repeat");
                variants.Add(new(key, values));
                where[key] = p.Loc(v, vf);
            }
        }
        return new MethodEntry(p.Scalar(nameNode, field + ".name"), prm, variants, p.Loc(nameNode, field + ".name"), where);
    }

    /// <summary>Typed access to YAML nodes that throws <see cref="SweepSpecException"/> at the node's mark.</summary>
    private sealed class NodeReader(string source)
    {
        public SpecLocation Loc(YamlNode n, string field) => new(field, (int)n.Start.Line, (int)n.Start.Column);

        public Exception Fail(YamlNode n, string field, string problem) =>
            throw new SweepSpecException(source, field, (int)n.Start.Line, (int)n.Start.Column, problem);

        public YamlNode Required(YamlMappingNode map, string key, string field) =>
            Optional(map, key) ?? throw new SweepSpecException(source, field, (int)map.Start.Line, (int)map.Start.Column, "required field is missing");

        public YamlNode? Optional(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        public void OnlyKeys(YamlMappingNode map, string field, params string[] allowed)
        {
            foreach (var k in map.Children.Keys)
                if (k is not YamlScalarNode { Value: { } s } || !allowed.Contains(s))
                    Fail(k, field, $"unknown field '{(k as YamlScalarNode)?.Value}' (expected: {string.Join(", ", allowed)})");
        }

        public string Scalar(YamlNode n, string field) =>
            n is YamlScalarNode { Value: { } v } ? v.Trim() : throw Fail(n, field, "expected a single value");

        public YamlMappingNode Map(YamlNode n, string field) =>
            n as YamlMappingNode ?? throw Fail(n, field, "expected a mapping (key: value)");

        public IReadOnlyList<YamlNode> Seq(YamlNode n, string field)
        {
            var s = n as YamlSequenceNode ?? throw Fail(n, field, "expected a list");
            if (s.Children.Count == 0) Fail(n, field, "list is empty");
            return s.Children.ToList();
        }

        public List<int> IntList(YamlNode n, string field)
        {
            var list = new List<int>();
            var items = Seq(n, field);
            for (var i = 0; i < items.Count; i++)
            {
                var s = Scalar(items[i], $"{field}[{i}]");
                if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 0)
                    Fail(items[i], $"{field}[{i}]", $"'{s}' is not a non-negative integer");
                if (list.Contains(v)) Fail(items[i], $"{field}[{i}]", $"seed {v} is listed twice");
                list.Add(v);
            }
            return list;
        }

        public (Dictionary<string, string>, Dictionary<string, SpecLocation>) Params(YamlNode n, string field)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var where = new Dictionary<string, SpecLocation>(StringComparer.Ordinal);
            foreach (var (k, v) in Map(n, field).Children)
            {
                var key = Scalar(k, field);
                values[key] = Scalar(v, $"{field}.{key}");
                where[key] = Loc(v, $"{field}.{key}");
            }
            return (values, where);
        }
    }
}
