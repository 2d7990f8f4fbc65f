using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Solvers;

/// <summary>A decision task's test-time solver (projected Adam on a box, mirror descent on a simplex); the task declares it.</summary>
public sealed record SolverSettings(int Steps, double LearningRate, int Starts) : ISettingsRecord<SolverSettings>
{
    public static SettingsGroup Group { get; } = new("solver", "the task's test-time solver (every task with a decision cost)",
    [
        ParameterSpec.Int("solver_steps", 500, 0, 1_000_000, "test-time solver iterations (paper 500)"),
        ParameterSpec.Real("solver_lr", 0.1, 1e-9, 100, "test-time solver learning rate (paper: synthetic 0.01, wind/inventory 0.1, mirror descent 0.01)"),
        ParameterSpec.Int("solver_starts", 5, 1, 1001, "starts per coordinate of projected Adam (shared rule)"),
    ], Read);

    public static SolverSettings Read(CellSettings s) => new(s.Int("solver_steps"), s.Real("solver_lr"), s.Int("solver_starts"));

    /// <summary>Projected Adam on a box with these settings.</summary>
    public ProjectedAdamSolver Box() => new(Steps, LearningRate, Starts);
}
