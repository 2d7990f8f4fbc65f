using System.Text.RegularExpressions;
using Df2.Grains;
using Df2.Learning.Running;

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
            try { executor.Validate(new CellRequest(cell.Task, cell.Method, cell.Parameters, cell.Seed, cell.DataSeed)); }
            catch (ArgumentException e)
            {
                throw Error(spec, Locate(cell, e), $"{cell.Key}: {StripParamSuffix(e)}");
            }
        }
    }

    private static SweepSpecException Error(SweepSpec spec, SpecLocation w, string problem) =>
        new(spec.Source, w.Field, w.Line, w.Column, problem);

    /// <summary>The spec position of the parameter the executor complained about (ParamName, else a quoted key in the message).</summary>
    private static SpecLocation Locate(CellSpec cell, ArgumentException e)
    {
        if (e.ParamName is { } p && cell.Where.TryGetValue(p, out var w)) return w;
        foreach (var key in cell.Parameters.Keys.OrderByDescending(k => k.Length))
            if (Regex.IsMatch(e.Message, $@"(?<![\w]){Regex.Escape(key)}(?![\w])") && cell.Where.TryGetValue(key, out var kw)) return kw;
        if (e.Message.Contains(cell.Method, StringComparison.Ordinal)) return cell.Where["method"];
        return cell.Where["task"];
    }

    private static string StripParamSuffix(ArgumentException e)
    {
        var m = e.Message;
        var i = m.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i >= 0 ? m[..i] : m;
    }
}
