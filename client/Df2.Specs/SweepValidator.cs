using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Specs;

/// <summary>
/// Checks every cell of an expanded sweep with the executor before anything is stored. The first
/// problem becomes ONE <see cref="SweepSpecException"/> pointing at the spec line of the task, method
/// or parameter the executor named.
/// </summary>
public static class SweepValidator
{
    public static void Validate(SweepSpec spec, IReadOnlyList<CellSpec> cells, ICellExecutor executor)
    {
        if (executor.TaskNames is { } tasks)
            foreach (var t in spec.Tasks.Where(t => !tasks.Contains(t.Name)))
                throw Error(spec, t.Where, $"unknown task '{t.Name}' (known: {string.Join(", ", tasks)})");
        if (executor.MethodNames is { } methods)
            foreach (var m in spec.Methods.Where(m => !methods.Contains(m.Name)))
                throw Error(spec, m.Where, $"unknown method '{m.Name}' (known: {string.Join(", ", methods)})");
        foreach (var cell in cells)
        {
            try { executor.Validate(cell.Request()); }
            catch (ArgumentException e)
            {
                throw Error(spec, Locate(cell, e), $"{cell.Key}: {StripParamSuffix(e)}");
            }
        }
    }

    private static SweepSpecException Error(SweepSpec spec, SpecLocation w, string problem) =>
        new(spec.Source, w.Field, w.Line, w.Column, problem);

    /// <summary>
    /// The spec position of what the executor complained about: a parameter's line (<see cref="ParameterException.Key"/>,
    /// or the key when the value came from the task's defaults: the method's line), else the method's line.
    /// </summary>
    private static SpecLocation Locate(CellSpec cell, ArgumentException e) =>
        e is ParameterException p && cell.Where.TryGetValue(p.Key, out var w) ? w
        : cell.Where.TryGetValue("method", out var m) ? m : cell.Where["task"];

    private static string StripParamSuffix(ArgumentException e)
    {
        var m = e.Message;
        var i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? m[..i] : m;
    }
}
