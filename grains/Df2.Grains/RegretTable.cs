using System.Globalization;
using System.Text;
using Df2.GrainInterfaces;

namespace Df2.Grains;

/// <summary>
/// Summarises a sweep's finished cells per task × method × variant (see <see cref="SummaryRow"/>)
/// and renders the paper's layout: rows = methods/variants, columns = tasks, entries "mean ± std".
/// Regret = mean over the test set of f(y, â(x)) − f(y, a*(y)) (per-sample oracle, as reported by the learning core).
/// Pure calculation: <see cref="AggregatorGrain"/> serves it to the cluster.
/// Dependency cells (those another cell of the sweep depends on: a pre-trained model, not a method) are left out of
/// every table; the Markdown table names them with their counts below (results.csv lists them, regret empty).
/// </summary>
public static class RegretTable
{
    /// <summary>
    /// A paper's proposed method, as its plug-in declares (<see cref="Df2.Learning.Plugins.IMethodPlugin.Proposed"/>: DF2,
    /// 3D-Learning). On each task the first row of one of them (in the spec's order, variants included) is the reference
    /// every other row is paired against; the others are the baselines. A name the catalog does not know is a baseline.
    /// </summary>
    public static bool IsProposed(string method) => Df2.Robust.Catalog.Default.IsProposed(method);

    /// <summary>
    /// The regret of the table's tasks as each task names it (<see cref="Df2.Learning.Plugins.ITaskPlugin.RegretFormula"/>):
    /// one formula when they share it, else one per group of tasks. A task the catalog does not know (a test executor's)
    /// has the per-sample regret.
    /// </summary>
    public static string RegretFormula(IReadOnlyList<string> tasks)
    {
        var groups = tasks.GroupBy(Formula).ToList();
        return groups.Count == 1 ? groups[0].Key : string.Join("; ", groups.Select(g => $"on {string.Join(", ", g)}: {g.Key}"));
    }

    private static string Formula(string task) =>
        Df2.Robust.Catalog.Default.TaskNames.Contains(task) ? Df2.Robust.Catalog.Default.Task(task).RegretFormula : Df2.Learning.Plugins.ITaskPlugin.PerSampleRegret;

    /// <summary>The keys of the cells some cell of <paramref name="cells"/> depends on.</summary>
    public static HashSet<string> DependencyKeys(IReadOnlyList<CellView> cells) =>
        cells.SelectMany(c => c.Cell.DependsOn ?? []).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyList<SummaryRow> Summarise(IReadOnlyList<CellView> cells) => Summarise(RegretGroup.From(cells));

    /// <summary>The rows of <paramref name="groups"/> (a sweep keeps them as its cells report: no cell is read).</summary>
    public static IReadOnlyList<SummaryRow> Summarise(IReadOnlyList<RegretGroup> groups)
    {
        var methods = groups.Where(g => !g.Dependency).OrderBy(g => g.Task, StringComparer.Ordinal).ToList();
        var references = methods.Where(g => IsProposed(g.Method)).GroupBy(g => g.Task).ToDictionary(t => t.Key, t => t.First());
        var rows = new List<SummaryRow>();
        foreach (var g in methods)
        {
            var x = g.Regrets;
            var n = x.Length;
            var mean = n > 0 ? x.Average() : double.NaN;
            var std = n > 1 ? MathNet.Numerics.Statistics.Statistics.StandardDeviation(x) : (n == 1 ? 0 : double.NaN);   // sample (n − 1)
            var se = n > 0 ? std / Math.Sqrt(n) : double.NaN;
            var half = n > 1 ? StudentT.Quantile(0.975, n - 1) * se : double.NaN;
            double? p = null;
            string? reference = null;
            if (references.TryGetValue(g.Task, out var r) && !ReferenceEquals(r, g))
            {
                reference = Label(r.Method, r.Variant);
                var paired = new Dictionary<(int, int), double>();
                for (var i = 0; i < r.N; i++) paired.TryAdd((r.Seeds[i], r.DataSeeds[i]), r.Regrets[i]);
                var d = new List<double>();
                for (var i = 0; i < n; i++)
                    if (paired.TryGetValue((g.Seeds[i], g.DataSeeds[i]), out var rr)) d.Add(x[i] - rr);
                p = PairedTTestP([.. d]);
            }
            rows.Add(new SummaryRow(g.Task, g.Method, g.Variant, n, mean, std, se, mean - half, mean + half, null, p, g.Failed, reference));
        }
        // % vs the best baseline: best = lowest mean among the baselines (methods not proposed by the papers) on the same task.
        return rows.Select(r =>
        {
            var best = rows.Where(b => b.Task == r.Task && !IsProposed(b.Method) && b.N > 0).Select(b => b.Mean).DefaultIfEmpty(double.NaN).Min();
            return r with { PctVsBestBaseline = double.IsNaN(best) || r.N == 0 || best == 0 ? null : 100 * (r.Mean - best) / Math.Abs(best) };
        }).ToList();
    }

    private static string Label(string method, string variant) => variant.Length == 0 ? method : $"{method}[{variant}]";

    /// <summary>Paired t-test on differences d: t = mean(d) / (sd(d)/√n), ν = n − 1; null when n &lt; 2 or sd = 0.</summary>
    public static double? PairedTTestP(double[] d)
    {
        if (d.Length < 2) return null;
        var m = d.Average();
        var sd = MathNet.Numerics.Statistics.Statistics.StandardDeviation(d);   // sample (n − 1)
        if (sd == 0) return m == 0 ? 1.0 : 0.0;
        return StudentT.TwoSidedP(m / (sd / Math.Sqrt(d.Length)), d.Length - 1);
    }

    public static string Render(IReadOnlyList<CellView> cells, TableFormat format) => Render(RegretGroup.From(cells), format);

    public static string Render(IReadOnlyList<RegretGroup> groups, TableFormat format) => Render(Summarise(groups), groups, format);

    /// <summary>The table of rows already summarised from <paramref name="cells"/> (several formats from one summary).</summary>
    public static string Render(IReadOnlyList<SummaryRow> rows, IReadOnlyList<CellView> cells, TableFormat format) => Render(rows, RegretGroup.From(cells), format);

    public static string Render(IReadOnlyList<SummaryRow> rows, IReadOnlyList<RegretGroup> groups, TableFormat format)
    {
        return format switch
        {
            TableFormat.Markdown => Markdown(rows) + DependencyLine(groups),
            TableFormat.Csv => Csv(rows),
            TableFormat.Latex => Latex(rows),
            TableFormat.Svg => RegretPlot.Svg(rows),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static string F(double v) => double.IsNaN(v) ? "–" : v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Cell(SummaryRow? r) => r is null || r.N == 0 ? "–" : $"{F(r.Mean)} ± {F(r.Std)} (n={r.N})";

    private static (List<string> Tasks, List<string> Labels) Axes(IReadOnlyList<SummaryRow> rows) =>
        (rows.Select(r => r.Task).Distinct().ToList(),
         rows.OrderBy(r => IsProposed(r.Method) ? 1 : 0).Select(r => r.Label).Distinct().ToList());

    private static string Markdown(IReadOnlyList<SummaryRow> rows)
    {
        var (tasks, labels) = Axes(rows);
        var sb = new StringBuilder();
        sb.AppendLine($"Decision regret, mean ± std (n cells); {RegretFormula(tasks)}.").AppendLine();
        sb.AppendLine($"| method | {string.Join(" | ", tasks)} |");
        sb.AppendLine($"|---|{string.Concat(tasks.Select(_ => "---|"))}");
        foreach (var l in labels)
            sb.AppendLine($"| {l} | {string.Join(" | ", tasks.Select(t => Cell(rows.FirstOrDefault(r => r.Task == t && r.Label == l))))} |");
        sb.AppendLine().AppendLine("| task | method | n | mean | std | SE | 95% CI (t) | % vs best baseline | paired t-test p (vs) | failed |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Task} | {r.Label} | {r.N} | {F(r.Mean)} | {F(r.Std)} | {F(r.Se)} | [{F(r.CiLow)}, {F(r.CiHigh)}] | " +
                          $"{(r.PctVsBestBaseline is { } pc ? pc.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "–")} | " +
                          $"{(r.PValueVsReference is { } p ? $"{p.ToString("G3", CultureInfo.InvariantCulture)} ({r.Reference})" : "–")} | {r.Failed} |");
        return sb.ToString();
    }

    /// <summary>"Dependency cells (…): dfl-predictor 1 done; ddpm-pretrain 1 done, 1 failed." — empty when there are none.</summary>
    private static string DependencyLine(IReadOnlyList<RegretGroup> groups)
    {
        var dependencies = groups.Where(g => g.Dependency).ToList();
        if (dependencies.Count == 0) return "";
        var counts = dependencies.GroupBy(g => g.Method).Select(m =>
        {
            var states = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (state, n) in m.SelectMany(g => g.States)) states[state] = states.GetValueOrDefault(state) + n;
            return $"{m.Key} {string.Join(", ", states.Select(s => $"{s.Value} {s.Key}"))}";
        });
        return $"{Environment.NewLine}Dependency cells (run once each and shared by the cells that need them; not methods, so not in the tables): " +
               $"{string.Join("; ", counts)}.{Environment.NewLine}";
    }

    private static readonly string[] CsvColumns =
        ["task", "method", "variant", "n", "mean", "std", "se", "ci95_low", "ci95_high", "pct_vs_best_baseline", "p_paired", "paired_against", "failed"];

    private static string Csv(IReadOnlyList<SummaryRow> rows)
    {
        static string N(double? v) => v is { } x && !double.IsNaN(x) ? CsvTable.Number(x) : "";
        return CsvTable.Write(CsvColumns, writer =>
        {
            foreach (var r in rows)
            {
                using var row = writer.NewRow();
                row["task"].Set(r.Task);
                row["method"].Set(r.Method);
                row["variant"].Set(r.Variant);
                row["n"].Format(r.N);
                row["mean"].Set(N(r.Mean));
                row["std"].Set(N(r.Std));
                row["se"].Set(N(r.Se));
                row["ci95_low"].Set(N(r.CiLow));
                row["ci95_high"].Set(N(r.CiHigh));
                row["pct_vs_best_baseline"].Set(N(r.PctVsBestBaseline));
                row["p_paired"].Set(N(r.PValueVsReference));
                row["paired_against"].Set(r.PValueVsReference is null ? "" : r.Reference ?? "");
                row["failed"].Format(r.Failed);
            }
        });
    }

    private static string Latex(IReadOnlyList<SummaryRow> rows)
    {
        var (tasks, labels) = Axes(rows);
        static string Esc(string s) => s.Replace("\\", "\\textbackslash{}").Replace("_", "\\_").Replace("%", "\\%").Replace("&", "\\&");
        var sb = new StringBuilder();
        sb.AppendLine($"% {RegretFormula(tasks)}");
        sb.AppendLine($"\\begin{{tabular}}{{l{new string('c', tasks.Count)}}}").AppendLine("\\hline");
        sb.AppendLine($"Method & {string.Join(" & ", tasks.Select(Esc))} \\\\").AppendLine("\\hline");
        foreach (var l in labels)
            sb.AppendLine($"{Esc(l)} & {string.Join(" & ", tasks.Select(t => rows.FirstOrDefault(r => r.Task == t && r.Label == l) is { N: > 0 } r ? $"${F(r.Mean)} \\pm {F(r.Std)}$" : "--"))} \\\\");
        sb.AppendLine("\\hline").AppendLine("\\end{tabular}");
        return sb.ToString();
    }
}
