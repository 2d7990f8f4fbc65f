using Df2.Grains.Worker;
using Df2.Kernels.IO;
using Df2.Learning.Running;
using Df2.Robust.Diffusion;
using Df2.Robust.Running;
using static TorchSharp.torch;

namespace Df2.Robust.Tests;

/// <summary>
/// The DDPM quality gate: its figures on hand-computed arrays, the failure of a bad DDPM, the figures in the artifact.
/// The ddpm-pretrain cells train in df2-worker children (<see cref="WorkerCells"/>); a gate failure is the cell's permanent reason.
/// </summary>
public sealed class GateTests
{
    [Fact]
    public void Lag1_autocorrelation_matches_a_hand_computed_case()
    {
        // Pairs (x_t, x_{t+1}) inside each row: a = (0,1,0, 1,1,0), b = (1,0,0, 1,0,1); both means 0.5;
        // Σ(a−ā)(b−b̄) = −0.5, Σ(a−ā)² = Σ(b−b̄)² = 1.5, so r = −0.5 / 1.5 = −1/3.
        using var x = tensor(new float[] { 0, 1, 0, 0, 1, 1, 0, 1 }, [2, 4]);
        Assert.Equal(-1.0 / 3, DdpmQuality.Lag1Autocorrelation(x), 6);
        using var ramp = arange(8, dtype: float32).reshape(1, 8);
        Assert.Equal(1.0, DdpmQuality.Lag1Autocorrelation(ramp), 6);
    }

    [Fact]
    public void Outside_share_W1_and_gap_match_hand_computed_values()
    {
        // Generated: two of four values outside [0, 1]; every generated value is 0.2 above a real one: W1 = 0.2.
        using var generated = tensor(new float[] { -0.5f, 0.2f, 1.5f, 0.7f }, [1, 4]);
        using var real = generated - 0.2f;
        var q = DdpmQuality.Measure(generated, real);
        Assert.Equal(0.5, q.OutsideShare, 12);
        Assert.Equal(0.2, q.W1, 5);
        Assert.Equal(q.Lag1, q.RealLag1, 6);   // a shift leaves the autocorrelation unchanged
        Assert.Equal(0, q.Lag1Gap, 6);
        Assert.Equal(q, DdpmQuality.FromMetadata(q.ToMetadata()));
    }

    [Fact]
    public void Gate_passes_and_fails_on_each_threshold()
    {
        var gate = new DdpmGate();
        Assert.True(gate.Passes(new DdpmQuality(0.012, 0.0, 0.60, 0.59)));
        Assert.False(gate.Passes(new DdpmQuality(0.016, 0.0, 0.60, 0.59)));     // W1 > 0.015
        Assert.False(gate.Passes(new DdpmQuality(0.012, 0.01, 0.60, 0.59)));    // 1 % outside is not < 1 %
        Assert.False(gate.Passes(new DdpmQuality(0.012, 0.0, 0.04, 0.59)));     // |Δ lag-1| 0.55 > 0.1
        Assert.False(gate.Passes(new DdpmQuality(double.NaN, 0.0, 0.60, 0.59))); // a diverged sampler fails
        var e = Assert.Throws<CellFailedException>(() => gate.Check(new DdpmQuality(0.5, 0.91, 0.04, 0.59)));
        Assert.Contains("W1 0.5 (max 0.015)", e.Message);
        Assert.Contains("outside [0, 1] 0.91 (must be < 0.01)", e.Message);
        Assert.Contains("gap 0.55 (max 0.1)", e.Message);
    }

    [Fact]
    public void Ddpm_pretrain_cell_fails_an_undertrained_ddpm_and_stores_the_figures_of_one_it_passes()
    {
        var tiny = new Dictionary<string, string>
        {
            ["unet"] = "ch=4,mult=1-2,attn=1,res=1,dropout=0.1,groups=2", ["ddpm_iters"] = "2", ["ddpm_batch"] = "4",
            ["ddpm_ckpt_every"] = "1", ["diffusion_steps"] = "12", ["gate_images"] = "2",
        };
        var e = Assert.Throws<WorkerFaultException>(() => WorkerCells.Shared.Run(new CellRequest("llm-provisioning", DdpmPretrainMethod.Key, tiny, 0, 0)));
        Assert.True(e.Permanent);
        Assert.Contains("DDPM quality gate failed", e.Message);
        Assert.Contains("(max 0.015)", e.Message);

        var open = new Dictionary<string, string>(tiny) { ["gate_w1"] = "1e30", ["gate_outside"] = "2", ["gate_lag1"] = "3" };
        var m = WorkerCells.Shared.Run(new CellRequest("llm-provisioning", DdpmPretrainMethod.Key, open, 0, 0));
        var stored = DdpmPretrainer.Quality(m.Artifact!);
        Assert.Equal(m.Extra["ddpm_gate_w1"], stored.W1);
        Assert.Equal(m.Extra["ddpm_gate_outside"], stored.OutsideShare);
        Assert.Equal(m.Extra["ddpm_gate_lag1"], stored.Lag1);
        Assert.Equal(m.Extra["ddpm_gate_lag1_real"], stored.RealLag1);
        Assert.InRange(stored.RealLag1, 0.3, 1);   // 23V-val's sequences are autocorrelated
        Assert.NotEmpty(Safetensors.Load(m.Artifact!));
    }

    [Fact]
    public void The_extension_rule_checks_every_block_and_gives_the_ddpm_trained_straight_to_the_count()
    {
        Assert.Equal([1500, 2000, 2500, 3000], new DdpmGate(Extend: 500, MaxIterations: 3000).Checks(1500));
        Assert.Equal([1500, 1800], new DdpmGate(Extend: 500, MaxIterations: 1800).Checks(1500));
        Assert.Equal([1500], new DdpmGate().Checks(1500));
        var tiny = new Dictionary<string, string>
        {
            ["unet"] = "ch=4,mult=1-2,attn=1,res=1,dropout=0.1,groups=2", ["ddpm_batch"] = "4", ["ddpm_ckpt_every"] = "1",
            ["diffusion_steps"] = "12", ["gate_images"] = "2", ["gate_outside"] = "2", ["gate_lag1"] = "3",
        };
        CellMetrics Run(Dictionary<string, string> p, MemorySink sink) =>
            WorkerCells.Shared.Run(new CellRequest("llm-provisioning", DdpmPretrainMethod.Key, p, 0, 0), sink);
        static Dictionary<string, Tensor> Weights(byte[] bytes) => Safetensors.Load(bytes).Where(kv => kv.Key.StartsWith("net.", StringComparison.Ordinal)).ToDictionary();

        // a gate no DDPM passes: checked at 2, 3 and 4 iterations, then the cell fails; its last checkpoint is the 4-iteration DDPM
        var failing = new MemorySink();
        var e = Assert.Throws<WorkerFaultException>(() => Run(new(tiny) { ["gate_w1"] = "0", ["ddpm_iters"] = "2", ["ddpm_extend"] = "1", ["ddpm_max_iters"] = "4" }, failing));
        Assert.True(e.Permanent);
        Assert.Contains("DDPM quality gate failed", e.Message);
        Assert.Equal(4, failing.Saves[^1].Epoch);
        var straight = Run(new(tiny) { ["gate_w1"] = "1e30", ["ddpm_iters"] = "4" }, new MemorySink());
        var extended = Weights(failing.Saves[^1].State);
        foreach (var (name, t) in Weights(straight.Artifact!)) Assert.True(t.eq(extended[name]).all().item<bool>(), name);

        // an open gate passes at the first check: the rule changes nothing (the same weights as without it)
        var withRule = Run(new(tiny) { ["gate_w1"] = "1e30", ["ddpm_iters"] = "2", ["ddpm_extend"] = "1", ["ddpm_max_iters"] = "4" }, new MemorySink());
        var without = Run(new(tiny) { ["gate_w1"] = "1e30", ["ddpm_iters"] = "2" }, new MemorySink());
        Assert.Equal(2, withRule.Extra["ddpm_iterations"]);
        var a = Weights(withRule.Artifact!);
        foreach (var (name, t) in Weights(without.Artifact!)) Assert.True(t.eq(a[name]).all().item<bool>(), name);
    }

    [Fact]
    public void Beta_scales_with_T_unless_given()
    {
        Assert.Equal((0.05, 0.1), NoiseSchedule.ScaledBetas(100));   // the paper's range, at T = 100
        var (first, last) = NoiseSchedule.ScaledBetas(500);
        Assert.Equal(0.01, first, 12);
        Assert.Equal(0.02, last, 12);
        static DdpmSettings Ddpm(Dictionary<string, string> p) => new CellSettings("llm-provisioning", "ddpm", [DdpmSettings.Group], p, 0, 0).Get<DdpmSettings>();
        var s = Ddpm(new() { ["diffusion_steps"] = "50" });
        Assert.Equal((0.1, 0.2), (Math.Round(s.BetaFirst, 12), Math.Round(s.BetaLast, 12)));
        var paper = Ddpm(new() { ["beta_first"] = "0.05", ["beta_last"] = "0.1" });
        Assert.Equal((500, 0.05, 0.1), (paper.Steps, paper.BetaFirst, paper.BetaLast));
        // Σβ = 7.5 for every T: x_T is noise (ᾱ_T ≈ e^−7.5) at T = 50 as at T = 500.
        foreach (var t in new[] { 50, 100, 500 })
            Assert.InRange(new NoiseSchedule(t, NoiseSchedule.ScaledBetas(t).First, NoiseSchedule.ScaledBetas(t).Last).AlphaBar[^1], 2e-4, 6e-4);
    }
}
