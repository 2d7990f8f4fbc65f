using Df2.Kernels;
using Df2.Learning.Running;

namespace Df2.Learning.Tests;

/// <summary>
/// Pins tiny synthetic cells (n 400, 2 epochs, batch 32, hidden 16, 60 solver steps × 3 starts; df2 S 16 J 4 d 8;
/// two-stage-gmm k 2, 10 samples; training seed 1, data seed 0; 2 libtorch threads) to the regrets the pre-merge code
/// (main at f370855, with its separate synthetic hierarchy) reported for the same requests through <c>df2 run</c> with
/// one worker slot: the merged trainer and method classes reproduce them bit for bit
/// (<see cref="Tasks.ReproductionProfile.Synthetic"/>).
/// </summary>
public class ReproductionTests
{
    [Theory]
    [InlineData("synthetic-convex", "df2", 7.346906409295367)]
    [InlineData("synthetic-convex", "policy-net", 9.301830548946041)]
    [InlineData("synthetic-convex", "two-stage-pe", 10.130154480594245)]
    [InlineData("synthetic-convex", "two-stage-gmm", 9.589804512800118)]
    [InlineData("synthetic-nonconvex", "df2", 7.044242259833054)]
    [InlineData("synthetic-nonconvex", "policy-net", 7.068948325282508)]
    [InlineData("synthetic-nonconvex", "two-stage-pe", 6.33479056513565)]
    [InlineData("synthetic-nonconvex", "two-stage-gmm", 9.924125526498573)]
    public void TinySyntheticCellGivesThePreMergeRegret(string task, string method, double regret)
    {
        var p = new Dictionary<string, string>
        {
            ["n"] = "400", ["epochs"] = "2", ["batch"] = "32", ["hidden"] = "16", ["solver_steps"] = "60", ["solver_starts"] = "3",
        };
        if (method == "df2") { p["S"] = "16"; p["J"] = "4"; p["d"] = "8"; }
        if (method == "two-stage-gmm") { p["k"] = "2"; p["samples"] = "10"; }
        int before = TorchThreads.Threads;
        try
        {
            TorchThreads.SetThreads(2);
            var m = CellRunner.Run(new CellRequest(task, method, p, 1, 0), new MemorySink(), _ => { }, default);
            Assert.Equal(regret, m.Regret);
        }
        finally { TorchThreads.SetThreads(before); }
    }
}
