namespace Df2.GrainInterfaces;

/// <summary>
/// One validated cell of a sweep: task × method × variant × seed × data seed with its merged parameters.
/// Built once by the client from the spec (validation happens there) and carried unchanged to the worker.
/// <see cref="DependsOn"/> (added later: implicit field id 7, null in older state) lists the keys of the cells of the
/// same sweep that must be done before this one is handed to a worker; the sweep grain gates on it. <see cref="Halves"/>
/// (implicit field id 8, 0 in older state) is the executor's step plan: 0 = one unit of work, n &gt; 0 = a round-based cell
/// of n halves and an evaluation that its DroGrain hands out.
/// </summary>
[GenerateSerializer, Alias("df2.CellDescription"), Immutable]
public sealed record CellDescription(string Key, string Task, string Method, string Variant,
    Dictionary<string, string> Parameters, int Seed, int DataSeed, List<string>? DependsOn = null, int Halves = 0);
