using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Tests;

/// <summary>
/// Our use of TorchSharp matches PyTorch 1.13 (tests/golden/make_golden.py → golden.json): PyTorch's state dicts
/// load by name into the TorchSharp modules we build (Linear, LSTM and GRU, batch-first, 2 layers), outputs and
/// gradients agree, and six torch.optim.Adam steps (with and without weight decay) agree.
/// Tolerance: |ours − torch| ≤ 1e-5·max(1, |torch|).
/// </summary>
public sealed class GoldenTests
{
    private static readonly JsonElement G = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "golden.json"))).RootElement;

    private static Tensor T(JsonElement e) =>
        tensor(e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray())
            .reshape(e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray());

    private static void Close(JsonElement expected, Tensor actual, string what)
    {
        var exp = T(expected);
        Assert.True(exp.shape.SequenceEqual(actual.shape), $"{what}: shape {string.Join(",", actual.shape)} vs torch {string.Join(",", exp.shape)}");
        var a = actual.detach().contiguous().data<float>().ToArray();
        var e = exp.data<float>().ToArray();
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - e[i]) <= 1e-5 * Math.Max(1, Math.Abs(e[i])), $"{what}[{i}]: ours {a[i]:G9} vs torch {e[i]:G9}");
    }

    private static void CheckModule(string name, nn.Module m, Func<Tensor, Tensor> forward)
    {
        var c = G.GetProperty(name);
        var state = c.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => T(p.Value));
        var (missing, unexpected) = m.load_state_dict(state, strict: true);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        var x = T(c.GetProperty("x")).requires_grad_(true);
        var y = forward(x);
        Close(c.GetProperty("y"), y, name + ".y");
        y.backward(new[] { T(c.GetProperty("r")) });
        Close(c.GetProperty("grad_x"), x.grad!, name + ".grad_x");
        foreach (var (pn, p) in m.named_parameters()) Close(c.GetProperty("grads").GetProperty(pn), p.grad!, $"{name}.grad.{pn}");
    }

    [Fact]
    public void Linear_matches_torch()
    {
        using var scope = NewDisposeScope();
        using var m = nn.Linear(5, 3);
        CheckModule("linear", m, m.call);
    }

    [Fact]
    public void LSTM_matches_torch()
    {
        using var scope = NewDisposeScope();
        using var m = nn.LSTM(3, 6, numLayers: 2, batchFirst: true);
        Tensor? h = null, c = null;
        CheckModule("lstm", m, x => { var (y, hn, cn) = m.call(x); (h, c) = (hn, cn); return y; });
        Close(G.GetProperty("lstm").GetProperty("h_n"), h!, "lstm.h_n");
        Close(G.GetProperty("lstm").GetProperty("c_n"), c!, "lstm.c_n");
    }

    [Fact]
    public void GRU_matches_torch()
    {
        using var scope = NewDisposeScope();
        using var m = nn.GRU(3, 6, numLayers: 2, batchFirst: true);
        Tensor? h = null;
        CheckModule("gru", m, x => { var (y, hn) = m.call(x); h = hn; return y; });
        Close(G.GetProperty("gru").GetProperty("h_n"), h!, "gru.h_n");
    }

    [Fact]
    public void Softmax_family_matches_torch()
    {
        using var scope = NewDisposeScope();
        var c = G.GetProperty("softmax");
        var x = T(c.GetProperty("x")).requires_grad_(true);
        var sm = x.softmax(1L);
        var lse = x.logsumexp(1L);
        var lsm = x.log_softmax(0L);
        Close(c.GetProperty("softmax1"), sm, "softmax");
        Close(c.GetProperty("logsumexp1"), lse, "logsumexp");
        Close(c.GetProperty("log_softmax0"), lsm, "log_softmax");
        ((sm * T(c.GetProperty("r1"))).sum() + (lse * T(c.GetProperty("r2"))).sum() + (lsm * T(c.GetProperty("r3"))).sum()).backward();
        Close(c.GetProperty("grad_x"), x.grad!, "softmax.grad_x");
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adam_wd")]
    public void Adam_steps_match_torch(string name)
    {
        using var scope = NewDisposeScope();
        var c = G.GetProperty(name);
        var p = new TorchSharp.Modules.Parameter(T(c.GetProperty("p0")));
        var cc = T(c.GetProperty("c"));
        var t = T(c.GetProperty("t"));
        var opt = optim.Adam([p], lr: c.GetProperty("lr").GetDouble(), weight_decay: c.GetProperty("weight_decay").GetDouble());
        int k = 0;
        foreach (var step in c.GetProperty("steps").EnumerateArray())
        {
            opt.zero_grad();
            (p * cc - t).pow(2).sum().backward();
            opt.step();
            Close(step, p, $"{name}.step{++k}");
        }
    }
}
