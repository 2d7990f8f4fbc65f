using Df2.Learning.Running;

namespace Df2.Reproduction;

/// <summary>One cell of the harness: its stable key, variant label and request.</summary>
public sealed record CellPlan(string Key, string Variant, CellRequest Request);

/// <summary>Command-line options of the reproduction harness (cells = tasks × methods × variants × seeds).</summary>
public sealed class RunnerOptions
{
    public string Out { get; private set; } = "results.csv";
    public int Workers { get; private set; } = 2;
    public List<string> Tasks { get; } = [];
    public List<string> Methods { get; } = [];
    public List<int> Seeds { get; } = [0];
    public int DataSeed { get; private set; }
    public Dictionary<string, string> Defaults { get; } = [];
    public Dictionary<string, Dictionary<string, string>> MethodParams { get; } = [];
    public Dictionary<string, (string Key, string[] Values)> Variants { get; } = [];

    public static RunnerOptions Parse(string[] args)
    {
        var o = new RunnerOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--out": o.Out = Next(); break;
                case "--workers": o.Workers = int.Parse(Next()); break;
                case "--tasks": o.Tasks.AddRange(Next().Split(',')); break;
                case "--methods": o.Methods.AddRange(Next().Split(',')); break;
                case "--seeds": o.Seeds.Clear(); o.Seeds.AddRange(Next().Split(',').Select(int.Parse)); break;
                case "--data-seed": o.DataSeed = int.Parse(Next()); break;
                case "--set": { var (k, v) = KeyValue(Next()); o.Defaults[k] = v; break; }
                case "--method-set":
                {
                    var s = Next(); int c = s.IndexOf(':');
                    var (k, v) = KeyValue(s[(c + 1)..]);
                    if (!o.MethodParams.TryGetValue(s[..c], out var d)) o.MethodParams[s[..c]] = d = [];
                    d[k] = v;
                    break;
                }
                case "--variants":
                {
                    var s = Next(); int c = s.IndexOf(':');
                    var (k, v) = KeyValue(s[(c + 1)..]);
                    o.Variants[s[..c]] = (k, v.Split('|'));
                    break;
                }
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (o.Tasks.Count == 0) o.Tasks.AddRange(CellRunner.TaskNames);
        if (o.Methods.Count == 0) o.Methods.AddRange(CellRunner.MethodNames);
        return o;
    }

    private static (string, string) KeyValue(string s)
    {
        int e = s.IndexOf('=');
        if (e <= 0) throw new ArgumentException($"expected key=value, got '{s}'");
        return (s[..e], s[(e + 1)..]);
    }

    public IEnumerable<CellPlan> Cells()
    {
        foreach (var task in Tasks)
            foreach (var method in Methods)
            {
                var variants = Variants.TryGetValue(method, out var v) ? v.Values.Select(x => (v.Key, x)).ToArray() : [(Key: "", x: "")];
                foreach (var (key, value) in variants)
                    foreach (var seed in Seeds)
                    {
                        var p = new Dictionary<string, string>(Defaults);
                        if (MethodParams.TryGetValue(method, out var mp)) foreach (var (k, val) in mp) p[k] = val;
                        string label = key == "" ? "" : $"{key}={value}";
                        if (key != "") p[key] = value;
                        var request = new CellRequest(task, method, p, seed, DataSeed);
                        CellRunner.Validate(request);
                        yield return new CellPlan($"{task}/{method}[{label}]/seed={seed}/data={DataSeed}", label, request);
                    }
            }
    }
}
