using Df2.Learning.Running;

namespace Df2.Specs;

/// <summary>
/// Adds the cells that a sweep's cells depend on (the executor names them: <see cref="ICellExecutor.Dependencies"/>) as
/// cells of the sweep. A dependency cell has the dependent's task, seed and data seed, the dependency's method, and as
/// parameters exactly the values that determine it, which also form its variant label and so its key
/// (<c>llm-provisioning/dfl-predictor[batch=64,dfl_epochs=2,...]/seed=0/data=0</c>): identical dependencies of
/// different cells are one cell, run once. A dependency cell comes just before the first cell that needs it, after its own
/// dependencies, so the seed-major order of <see cref="SweepExpander"/> holds for dependencies too; every cell lists its dependencies' keys (<see cref="CellSpec.DependsOn"/>), which the sweep
/// grain gates on. A dependency cell is validated like any cell; a problem points at the dependent's method.
/// </summary>
public static class DependencyExpander
{
    public static IReadOnlyList<CellSpec> Expand(SweepSpec spec, IReadOnlyList<CellSpec> cells, ICellExecutor executor)
    {
        var ordered = new List<CellSpec>(cells.Count);
        var known = new Dictionary<string, CellSpec>(StringComparer.Ordinal);
        foreach (var c in cells)
        {
            var dependsOn = Resolve(spec, c, executor, ordered, known, []);   // appends the new dependencies first
            ordered.Add(c with { DependsOn = dependsOn });
        }
        return ordered;
    }

    private static List<string> Resolve(SweepSpec spec, CellSpec cell, ICellExecutor executor, List<CellSpec> dependencies,
        Dictionary<string, CellSpec> known, HashSet<string> path)
    {
        var keys = new List<string>();
        foreach (var d in executor.Dependencies(Request(cell)))
        {
            var label = CellKey.VariantLabel(d.Parameters);
            var key = CellKey.Format(cell.Task, d.Method, label, cell.Seed, cell.DataSeed);
            keys.Add(key);
            if (known.ContainsKey(key)) continue;
            var at = cell.Where["method"];
            if (!path.Add(key)) throw new SweepSpecException(spec.Source, at.Field, at.Line, at.Column, $"{cell.Key}: dependency cycle through {key}");
            var dependency = new CellSpec(key, cell.Task, d.Method, label, d.Parameters, cell.Seed, cell.DataSeed) { Where = cell.Where };
            try { executor.Validate(Request(dependency)); }
            catch (ArgumentException e)
            {
                throw new SweepSpecException(spec.Source, at.Field, at.Line, at.Column, $"{cell.Key}: dependency {key}: {e.Message}");
            }
            dependency = dependency with { DependsOn = Resolve(spec, dependency, executor, dependencies, known, path) };
            path.Remove(key);
            known[key] = dependency;
            dependencies.Add(dependency);
        }
        return keys;
    }

    private static CellRequest Request(CellSpec c) => new(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed);
}
