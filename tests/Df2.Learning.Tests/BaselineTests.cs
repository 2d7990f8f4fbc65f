using Df2.Learning.Methods;
using Df2.Learning.Metrics;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

using Df2.Learning.Tasks.Synthetic;

namespace Df2.Learning.Tests;

/// <summary>Every registered method, trained briefly, beats the trivial constant decision a = box centre.</summary>
public class BaselineTests
{
    public static TheoryData<string> Methods() => new(MethodRegistry.Fitting("synthetic-convex"));

    [Theory]
    [MemberData(nameof(Methods))]
    public void BeatsTheConstantCentreDecisionOnTheConvexTask(string method)
    {
        var p = EndToEndTests.TinyFor(method, ("n", "1000"), ("epochs", "4"), ("hidden", "32"), ("batch", "32"));
        if (method == "df2") { p["S"] = "64"; p["J"] = "8"; }
        var m = WorkerCells.Shared.Run(new CellRequest("synthetic-convex", method, p, 0, 0));

        var task = SyntheticProblem.Convex;
        var data = task.Generate(0, 1000);
        double centre = Regret.PerSample(task, data, data.TestIndex, new double[data.TestIndex.Length * 2]).Average();
        Assert.True(m.Regret < centre, $"{method}: regret {m.Regret} vs constant centre {centre}");
    }
}
