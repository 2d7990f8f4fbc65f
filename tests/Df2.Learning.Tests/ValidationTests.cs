using Df2.Learning.Methods;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Tests;

public class ValidationTests
{
    private static CellRequest Request(string task, string method, params (string, string)[] ps) =>
        new(task, method, ps.ToDictionary(p => p.Item1, p => p.Item2), 0, 0);

    [Fact]
    public void RegistriesListEveryName()
    {
        Assert.Equal(["synthetic-convex", "synthetic-nonconvex"], TaskRegistry.Names);
        Assert.Equal(["df2", "policy-net", "two-stage-pe", "two-stage-gmm"], MethodRegistry.Names);
        Assert.Equal(["synthetic-convex", "synthetic-nonconvex", "wind", "inventory", "vaccine"], CellRunner.TaskNames);
        Assert.Equal(["df2", "policy-net", "two-stage-pe", "two-stage-gmm", "dfl", "so-ebm", "lodl"], CellRunner.MethodNames);
    }

    [Fact]
    public void RealWorldOnlyMethodOnASyntheticTaskIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "dfl")));
        Assert.Contains("'dfl' is not available on task 'synthetic-convex'", e.Message);
    }

    [Fact]
    public void AcceptsKnownParameters() =>
        CellRunner.Validate(Request("synthetic-convex", "two-stage-gmm", ("k", "10"), ("epochs", "5"), ("n", "500"), ("lr", "1e-3")));

    [Fact]
    public void UnknownMethodIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "df3")));
        Assert.Equal("method 'df3' is unknown; known: df2, policy-net, two-stage-pe, two-stage-gmm", e.Message);
    }

    [Fact]
    public void UnknownTaskIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic", "df2")));
        Assert.StartsWith("task 'synthetic' is unknown; known: synthetic-convex", e.Message);
    }

    [Fact]
    public void BadIntegerIsNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "two-stage-gmm", ("k", "abc"))));
        Assert.Equal("parameter 'k' = 'abc' is not an integer", e.Message);
    }

    [Fact]
    public void ParameterOfAnotherMethodIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "df2", ("k", "3"))));
        Assert.StartsWith("parameter 'k' is not known to task 'synthetic-convex' or method 'df2'", e.Message);
    }

    [Fact]
    public void OutOfRangeAndNonNumberAreNamed()
    {
        var e1 = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "df2", ("S", "0"))));
        Assert.StartsWith("parameter 'S' = '0' is out of range", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => CellRunner.Validate(Request("synthetic-convex", "df2", ("lr", "fast"))));
        Assert.Equal("parameter 'lr' = 'fast' is not a finite number", e2.Message);
    }
}
