using Df2.Grains;

namespace Df2.TestSupport;

/// <summary>
/// Makes the test-only executors (<see cref="SpinCellExecutor"/>, <see cref="ProbeCellExecutor"/>) loadable by name in this
/// process and in every process it starts (silos, df2-worker children, the df2 client inherit the variable): a test
/// assembly calls <see cref="Enable"/> from its module initializer.
/// </summary>
public static class TestExecutors
{
    public static void Enable() =>
        Environment.SetEnvironmentVariable(CellExecutors.AssemblyVariable, typeof(SpinCellExecutor).Assembly.Location);
}
