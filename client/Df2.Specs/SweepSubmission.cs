using Df2.Learning.Running;

namespace Df2.Specs;

/// <summary>A spec that parsed, expanded and validated: its cells as they travel to the cluster.</summary>
public sealed record PreparedSweep(SweepSpec Spec, IReadOnlyList<CellSpec> Cells, string SweepId);

/// <summary>
/// Parse → expand → validate every cell with the executor → add the dependency cells the executor names
/// (<see cref="DependencyExpander"/>) → ask the executor for each cell's step plan: the one place validation happens. Any problem is one
/// <see cref="SweepSpecException"/>, raised before anything reaches the cluster.
/// </summary>
public static class SweepSubmission
{
    public static PreparedSweep Prepare(string yaml, string source, ICellExecutor executor)
    {
        var spec = SweepSpecParser.Parse(yaml, source);
        var cells = SweepExpander.Expand(spec);
        SweepValidator.Validate(spec, cells, executor);
        cells = DependencyExpander.Expand(spec, cells, executor);
        cells = [.. cells.Select(c => c with { Halves = executor.Halves(c.Request()) })];   // the step plan, asked once
        return new PreparedSweep(spec, cells, SweepExpander.SweepId(spec.Name, cells));
    }

    public static PreparedSweep PrepareFile(string path, ICellExecutor executor)
    {
        if (!File.Exists(path)) throw new SweepSpecException(path, "(file)", 0, 0, "spec file not found");
        return Prepare(File.ReadAllText(path), path, executor);
    }
}
