using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// The validated parameters of one cell: the common training/solver settings plus the
/// method-specific values (read by name through <see cref="Int"/> / <see cref="Real"/>).
/// </summary>
public sealed class MethodSettings
{
    private readonly IReadOnlyDictionary<string, string> _raw;
    private readonly Dictionary<string, ParameterSpec> _specs;

    public int Seed { get; }
    public int Epochs { get; }
    public double LearningRate { get; }
    public int Batch { get; }
    public int Hidden { get; }
    public int SolverSteps { get; }
    public double SolverLearningRate { get; }
    public int SolverStarts { get; }

    public MethodSettings(MethodDescriptor method, IReadOnlyDictionary<string, string> parameters, int seed)
    {
        _raw = parameters;
        _specs = MethodRegistry.Common.Concat(method.Parameters).ToDictionary(p => p.Key);
        Seed = seed;
        Epochs = Int("epochs");
        LearningRate = Real("lr");
        Batch = Int("batch");
        Hidden = Int("hidden");
        SolverSteps = Int("solver_steps");
        SolverLearningRate = Real("solver_lr");
        SolverStarts = Int("solver_starts");
    }

    public int Int(string key) => _specs[key].ReadInt(_raw);

    public double Real(string key) => _specs[key].Read(_raw);
}
