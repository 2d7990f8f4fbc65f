using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// What actually runs a cell. <see cref="LearningCellExecutor"/> trains and evaluates through the plug-in catalog; the
/// tests add executors of their own (tests/Df2.TestSupport: spin sleeps per epoch, probe counts TorchSharp's handle
/// hazards), loaded by <see cref="CellExecutors.ByName"/>. Hosts run them in df2-worker children through <see cref="ProcessCellExecutor"/>.
/// </summary>
public interface ICellExecutor
{
    /// <summary>Short name ("learning"; the tests' "spin", "probe").</summary>
    string Name { get; }

    IReadOnlyList<string>? TaskNames { get; }

    IReadOnlyList<string>? MethodNames { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad task, method or parameter.</summary>
    void Validate(CellRequest request);

    /// <summary>
    /// The cells that must finish before this one runs (none for most cells), asked once per cell when a sweep is
    /// prepared. The sweep adds them as cells of their own (identical ones once) and gates the dependents on them.
    /// </summary>
    IReadOnlyList<CellDependency> Dependencies(CellRequest request);

    /// <summary>
    /// The cell's step plan, asked once when a sweep is prepared and carried in <c>CellDescription.Halves</c>: 0 = one unit
    /// of work (a worker runs it whole); n &gt; 0 = n halves and an evaluation, handed out one at a time by the cell's DroGrain.
    /// </summary>
    int Halves(CellRequest request) => 0;

    CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel);
}

public static class CellExecutors
{
    /// <summary>
    /// The environment variable naming an assembly of further executors (the tests' spin and probe executors live in
    /// tests/Df2.TestSupport, never in a production build). Not prefixed DF2_: it is not a silo option.
    /// </summary>
    public const string AssemblyVariable = "DF2TEST_EXECUTOR_ASSEMBLY";

    /// <summary>
    /// Resolve an executor by name: "learning" (the only one built in), else a public <see cref="ICellExecutor"/> with a
    /// parameterless constructor and that <see cref="ICellExecutor.Name"/> in the assembly <see cref="AssemblyVariable"/> names.
    /// </summary>
    public static ICellExecutor ByName(string name)
    {
        if (name == "learning") return new LearningCellExecutor();
        var path = Environment.GetEnvironmentVariable(AssemblyVariable);
        if (string.IsNullOrEmpty(path))
            throw new ArgumentException($"unknown executor '{name}': the built-in executor is 'learning' (test executors load from the assembly named by {AssemblyVariable}, which is not set)");
        var found = System.Reflection.Assembly.LoadFrom(path).GetExportedTypes()
            .Where(t => typeof(ICellExecutor).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) != null)
            .Select(t => (ICellExecutor)Activator.CreateInstance(t)!)
            .FirstOrDefault(e => e.Name == name);
        return found ?? throw new ArgumentException($"unknown executor '{name}': neither built in ('learning') nor in {path}");
    }
}
