using Df2.Learning.Running;

namespace Df2.Grains;

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
