namespace Df2.Learning.Running;

/// <summary>
/// A cell that must finish before the cell naming it can run (e.g. the trained DFL predictor that the DRO baselines
/// start from). Same task, seed and data seed as the dependent; <paramref name="Parameters"/> are exactly the values
/// that determine the dependency's result, so identical dependencies of a sweep are one cell, run once. The dependent
/// receives its final artifact as <see cref="CellRequest.Inputs"/>[<paramref name="Method"/>].
/// </summary>
public sealed record CellDependency(string Method, IReadOnlyDictionary<string, string> Parameters);
