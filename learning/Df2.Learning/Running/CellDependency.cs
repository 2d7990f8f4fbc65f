namespace Df2.Learning.Running;

/// <summary>
/// A cell that must finish before the cell naming it can run (e.g. the trained DFL predictor that the DRO baselines
/// start from). Same task, seed and data seed as the dependent; <paramref name="Parameters"/> are exactly the values
/// that determine the dependency's result, so identical dependencies of a sweep are one cell, run once. The dependent
/// receives its final artifact as <see cref="CellRequest.Inputs"/>[<paramref name="Method"/>].
/// </summary>
public sealed record CellDependency(string Method, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A dependency parameter's text: invariant culture, and a real in round-trip form, so equal values give one cell key.</summary>
    public static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Text(int)"/>
    public static string Text(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
