using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Silo.Stores;

namespace Df2.Silo;

/// <summary>A spec that parsed, expanded and validated: ready to be stored in one transaction.</summary>
public sealed record PreparedSweep(SweepSpec Spec, IReadOnlyList<CellSpec> Cells, string SweepId);

/// <summary>Parse → expand → validate every cell with the executor. Any problem is one <see cref="SweepSpecException"/>, before anything is stored.</summary>
public static class SweepSubmission
{
    public static PreparedSweep Prepare(string yaml, string source, ICellExecutor executor)
    {
        var spec = SweepSpecParser.Parse(yaml, source);
        var cells = SweepExpander.Expand(spec);
        SweepValidator.Validate(spec, cells, executor);
        return new PreparedSweep(spec, cells, SweepExpander.SweepId(spec.Name, cells));
    }

    public static SubmitResponse Submit(SqlClusterStore store, PreparedSweep sweep, int maxRetries) =>
        store.Submit(sweep.SweepId, sweep.Spec.Name, sweep.Spec.Text, sweep.Cells, maxRetries);
}
