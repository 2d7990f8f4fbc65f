using Df2.Learning.Nets;
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
        Assert.Equal(["synthetic-convex", "synthetic-nonconvex", "wind", "inventory", "vaccine", "llm-provisioning"], TaskRegistry.Names);
        Assert.Equal(["df2", "policy-net", "two-stage-pe", "persistence", "two-stage-gmm", "dfl", "so-ebm", "lodl", "kl-dro", "chi2-dro", "cvar", "w-dro", "gaussian", "cutout"], MethodRegistry.Names);
    }

    [Fact]
    public void EveryMethodIsValidOnEveryTaskItFitsAndRefusedOnTheOthers()
    {
        foreach (var task in TaskRegistry.Names)
            foreach (var method in MethodRegistry.Names)
                if (MethodRegistry.Fitting(task).Contains(method)) CellTrainer.Validate(Request(task, method));
                else Assert.Contains($"does not fit task '{task}'", Assert.Throws<ArgumentException>(() => CellTrainer.Validate(Request(task, method))).Message);
    }

    [Fact]
    public void AcceptsKnownParameters() =>
        CellTrainer.Validate(Request("synthetic-convex", "two-stage-gmm", ("k", "10"), ("epochs", "5"), ("n", "500"), ("lr", "1e-3")));

    [Fact]
    public void UnknownMethodIsNamed()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "df3")));
        Assert.Equal("method 'df3' is unknown; known: df2, policy-net, two-stage-pe, persistence, two-stage-gmm, dfl, so-ebm, lodl, kl-dro, chi2-dro, cvar, w-dro, gaussian, cutout", e.Message);
    }

    [Fact]
    public void UnknownTaskIsNamed()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic", "df2")));
        Assert.StartsWith("task 'synthetic' is unknown; known: synthetic-convex", e.Message);
    }

    [Fact]
    public void BadIntegerIsNamed()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "two-stage-gmm", ("k", "abc"))));
        Assert.Equal("parameter 'k' = 'abc' is not an integer", e.Message);
    }

    [Fact]
    public void ParameterOfAnotherTaskOrNoneIsRejected()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "df2", ("source", "tennet"))));
        Assert.StartsWith("parameter 'source' is not known to task 'synthetic-convex'", e.Message);
        var n = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("wind", "df2", ("n", "500"))));
        Assert.StartsWith("parameter 'n' is not known to task 'wind'", n.Message);
        var b = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "df2", ("bogus", "1"))));
        Assert.StartsWith("parameter 'bogus' is not known to task 'synthetic-convex'", b.Message);
    }

    [Fact]
    public void TheTaskSuppliesItsDefaultsAndTheEncoderIsChecked()
    {
        var synthetic = CellSettings.Of("synthetic-convex", "df2", new Dictionary<string, string>(), 0, 0);
        var (se, st) = (synthetic.Get<EncoderSettings>(), synthetic.Get<TrainerSettings>());
        Assert.Equal(("mlp", 50, 0, 0.0), (se.Kind, st.Epochs, st.ValEvery, st.Clip));
        var vaccine = CellSettings.Of("vaccine", "df2", new Dictionary<string, string>(), 0, 0);
        var (ve, vt) = (vaccine.Get<EncoderSettings>(), vaccine.Get<TrainerSettings>());
        Assert.Equal(("dcrnn", 50, 1, 100.0), (ve.Kind, vt.Epochs, vt.ValEvery, vt.Clip));
        var e = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("wind", "df2", ("encoder", "gru"))));
        Assert.StartsWith("parameter 'encoder' = 'gru'", e.Message);
    }

    [Fact]
    public void OutOfRangeAndNonNumberAreNamed()
    {
        var e1 = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "df2", ("S", "0"))));
        Assert.StartsWith("parameter 'S' = '0' is out of range", e1.Message);
        var e2 = Assert.ThrowsAny<ArgumentException>(() => CellTrainer.Validate(Request("synthetic-convex", "df2", ("lr", "fast"))));
        Assert.Equal("parameter 'lr' = 'fast' is not a finite number", e2.Message);
    }
}
