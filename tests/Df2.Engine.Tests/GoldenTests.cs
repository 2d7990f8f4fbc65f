using System.Text.Json;
using Df2.Engine;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Engine.Tests;

/// <summary>
/// Matches PyTorch 1.13 (tests/golden/make_golden.py → golden.json): outputs and gradients of Linear,
/// LSTM, GRU, softmax / logsumexp / log_softmax, and six Adam steps. Tolerance: |ours − torch| ≤ 1e-5·max(1, |torch|).
/// </summary>
public class GoldenTests
{
    private static readonly JsonElement G = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "golden.json"))).RootElement;

    private static Tensor T(JsonElement e) =>
        Tensor.FromArray(e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray(),
                         e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()).ToArray());

    private static void Close(JsonElement expected, Tensor actual, string what)
    {
        var exp = T(expected);
        Assert.True(ShapeUtilSame(exp.Shape, actual.Shape), $"{what}: shape {string.Join(",", actual.Shape)} vs torch {string.Join(",", exp.Shape)}");
        var a = actual.ToArray(); var e = exp.ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= 1e-5 * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: ours {a[i]:G9} vs torch {e[i]:G9}");
    }

    private static bool ShapeUtilSame(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);

    private static void CheckModule(string name, Module m, Func<Tensor, Tensor> fwd)
    {
        var c = G.GetProperty(name);
        m.LoadStateDict(c.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => T(p.Value)));
        var x = T(c.GetProperty("x")); x.RequiresGrad = true;
        var y = fwd(x);
        Close(c.GetProperty("y"), y, name + ".y");
        y.Backward(T(c.GetProperty("r")));
        Close(c.GetProperty("grad_x"), x.Grad!, name + ".grad_x");
        foreach (var (pn, p) in m.NamedParameters()) Close(c.GetProperty("grads").GetProperty(pn), p.Grad!, $"{name}.grad.{pn}");
    }

    [Fact]
    public void Linear_matches_torch()
    {
        var m = new Linear(5, 3, new Rng(0));
        CheckModule("linear", m, m.Forward);
    }

    [Fact]
    public void LSTM_matches_torch()
    {
        var m = new LSTM(3, 6, 2, new Rng(0));
        Tensor? h = null, c = null;
        CheckModule("lstm", m, x => { var r = m.ForwardFull(x); h = r.H; c = r.C; return r.Output; });
        Close(G.GetProperty("lstm").GetProperty("h_n"), h!, "lstm.h_n");
        Close(G.GetProperty("lstm").GetProperty("c_n"), c!, "lstm.c_n");
    }

    [Fact]
    public void GRU_matches_torch()
    {
        var m = new GRU(3, 6, 2, new Rng(0));
        Tensor? h = null;
        CheckModule("gru", m, x => { var r = m.ForwardFull(x); h = r.H; return r.Output; });
        Close(G.GetProperty("gru").GetProperty("h_n"), h!, "gru.h_n");
    }

    [Fact]
    public void Softmax_family_matches_torch()
    {
        var c = G.GetProperty("softmax");
        var x = T(c.GetProperty("x")); x.RequiresGrad = true;
        var sm = x.Softmax(1); var lse = x.LogSumExp(1); var lsm = x.LogSoftmax(0);
        Close(c.GetProperty("softmax1"), sm, "softmax");
        Close(c.GetProperty("logsumexp1"), lse, "logsumexp");
        Close(c.GetProperty("log_softmax0"), lsm, "log_softmax");
        sm.Mul(T(c.GetProperty("r1"))).Sum().Add(lse.Mul(T(c.GetProperty("r2"))).Sum()).Add(lsm.Mul(T(c.GetProperty("r3"))).Sum()).Backward();
        Close(c.GetProperty("grad_x"), x.Grad!, "softmax.grad_x");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adam_wd")]
    public void Adam_steps_match_torch(string name)
    {
        var c = G.GetProperty(name);
        var p = T(c.GetProperty("p0")); p.RequiresGrad = true;
        var cc = T(c.GetProperty("c")); var t = T(c.GetProperty("t"));
        var opt = new Adam([p], lr: c.GetProperty("lr").GetSingle(), weightDecay: c.GetProperty("weight_decay").GetSingle());
        int k = 0;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            opt.ZeroGrad();
            p.Mul(cc).Sub(t).Pow(2).Sum().Backward();
            opt.Step();
            Close(step, p, $"{name}.step{++k}");
        }
    }
}
