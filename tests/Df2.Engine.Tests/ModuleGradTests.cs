using Df2.Engine;
using Df2.Engine.NN;

namespace Df2.Engine.Tests;

/// <summary>Finite-difference checks of every module w.r.t. its input and all parameters.</summary>
public class ModuleGradTests
{
    private static void CheckModule(Module m, Tensor x)
    {
        var ps = m.Parameters().ToArray();
        var inputs = new[] { x }.Concat(ps).ToArray();
        GradCheck.Check(_ => m.Forward(x), inputs);
    }

    [Fact] public void Linear() => CheckModule(new Linear(4, 3, new Rng(1)), new Rng(2).Uniform(-1, 1, 5, 4));
    [Fact] public void Sequential_mlp() => CheckModule(new Sequential(new Linear(3, 6, new Rng(1)), new Tanh(), new Linear(6, 2, new Rng(3)), new GELU()), new Rng(2).Uniform(-1, 1, 4, 3));
    [Fact] public void LayerNorm() => CheckModule(new LayerNorm(5), new Rng(2).Uniform(-1, 1, 3, 5));
    [Fact] public void LSTM_two_layers() => CheckModule(new LSTM(2, 3, 2, new Rng(1)), new Rng(2).Uniform(-1, 1, 2, 4, 2));
    [Fact] public void GRU_two_layers() => CheckModule(new GRU(2, 3, 2, new Rng(1)), new Rng(2).Uniform(-1, 1, 2, 4, 2));

    [Fact]
    public void LSTM_final_states()
    {
        var lstm = new LSTM(2, 3, 2, new Rng(1));
        var x = new Rng(2).Uniform(-1, 1, 2, 4, 2);
        GradCheck.Check(_ => { var (o, h, c) = lstm.ForwardFull(x); return h.Add(c).Sum(0).Add(o.Sum(1)); }, new[] { x }.Concat(lstm.Parameters()).ToArray());
    }

    [Fact]
    public void Dropout_is_scaled_mask_in_training_and_identity_in_eval()
    {
        var d = new Dropout(0.5f, new Rng(3));
        var x = Tensor.Ones(1000);
        var y = d.Forward(x).ToArray();
        Assert.All(y, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(y.Count(v => v == 0f), 400, 600);
        d.Eval();
        Assert.Same(x, d.Forward(x));
        d.Train();
        // gradient = same mask
        var xr = new Rng(4).Uniform(-1, 1, 6);
        GradCheck.Check(t => { var dd = new Dropout(0.3f, new Rng(9)); return dd.Forward(t[0]); }, [xr]);
    }

    [Fact]
    public void Parameter_names_follow_pytorch()
    {
        var seq = new Sequential(new Linear(2, 3, new Rng(1)), new ReLU(), new Linear(3, 1, new Rng(1)));
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], seq.NamedParameters().Select(p => p.Name));
        var lstm = new LSTM(1, 4, 2, new Rng(1));
        Assert.Equal(["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1"],
            lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal(new[] { 16, 1 }, lstm.StateDict()["weight_ih_l0"].Shape);
    }

    [Fact]
    public void Default_init_bounds()
    {
        var l = new Linear(100, 50, new Rng(5));
        Assert.All(l.Weight.ToArray(), v => Assert.InRange(v, -0.1f, 0.1f));
        Assert.True(l.Weight.ToArray().Max() > 0.09f);
        var g = new GRU(3, 25, 1, new Rng(5));
        Assert.All(g.Parameters().SelectMany(p => p.ToArray()), v => Assert.InRange(v, -0.2f, 0.2f));
    }

    [Fact]
    public void StateDict_roundtrip_and_errors()
    {
        var a = new Sequential(new Linear(2, 3, new Rng(1)));
        var b = new Sequential(new Linear(2, 3, new Rng(2)));
        b.LoadStateDict(a.StateDict());
        Assert.Equal(a.StateDict()["0.weight"].ToArray(), b.StateDict()["0.weight"].ToArray());
        var bad = new Dictionary<string, Tensor> { ["0.weight"] = Tensor.Zeros(3, 3), ["0.bias"] = Tensor.Zeros(3) };
        var e = Assert.Throws<ArgumentException>(() => b.LoadStateDict(bad));
        Assert.Contains("0.weight", e.Message);
    }
}
