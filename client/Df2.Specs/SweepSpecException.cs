namespace Df2.Specs;

/// <summary>
/// The one error a malformed sweep spec produces: it names the source, the field path
/// (e.g. <c>methods[1].params.S</c>) and the 1-based line/column of the offending YAML node.
/// Nothing is scheduled when it is thrown.
/// </summary>
public sealed class SweepSpecException(string source, string field, int line, int column, string problem)
    : Exception($"{source}:{line}:{column}: {field}: {problem}")
{
    public string SpecSource { get; } = source;
    public string Field { get; } = field;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}

/// <summary>Where a spec value came from (field path and 1-based position) so later validation can point at it.</summary>
public sealed record SpecLocation(string Field, int Line, int Column);
