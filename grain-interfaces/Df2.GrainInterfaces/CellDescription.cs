namespace Df2.GrainInterfaces;

/// <summary>
/// One validated cell of a sweep: task × method × variant × seed × data seed with its merged parameters.
/// Built once by the client from the spec (validation happens there) and carried unchanged to the worker.
/// </summary>
[GenerateSerializer, Alias("df2.CellDescription"), Immutable]
public sealed record CellDescription(string Key, string Task, string Method, string Variant,
    Dictionary<string, string> Parameters, int Seed, int DataSeed);
