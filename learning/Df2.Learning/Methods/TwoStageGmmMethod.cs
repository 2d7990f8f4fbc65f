using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Df2.Learning.Methods;

/// <summary>
/// Two-stage k-GMM (§5.1, App. F.2): the MLP outputs, per component k, a mean μ_k ∈ ℝ²,
/// log-variances ℓ_k ∈ ℝ² (diagonal, clamped to [−10, 10]) and a logit; trained by the negative
/// log-likelihood −log Σ_k π_k N(y; μ_k, diag e^{ℓ_k}). Decision by SAA: draw M samples
/// (paper 100) from the predicted mixture per test point and minimise (1/M) Σ_m f(y_m, a) with
/// the shared solver. Samples come from a stream seeded by the training seed (deterministic).
/// </summary>
public sealed class TwoStageGmmMethod : TrainableMethod
{
    private const double LogTwoPi = 1.8378770664093453;
    private readonly Mlp _net;
    private readonly int _k;
    private readonly int _samples;

    public TwoStageGmmMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings, Device device) : base(task, data, settings, device)
    {
        _k = settings.Int("k");
        _samples = settings.Int("samples");
        _net = new Mlp(2, settings.Hidden, 5 * _k, InitRng).to(device);
    }

    public override nn.Module Model => _net;

    /// <summary>(means [B,k,2], log-variances [B,k,2], log-weights [B,k]).</summary>
    private (Tensor Mean, Tensor LogVar, Tensor LogWeight) Parameters(Tensor x)
    {
        long b = x.shape[0];
        var o = _net.call(x);
        var mean = o.narrow(1, 0, 2 * _k).reshape(b, _k, 2);
        var logVar = o.narrow(1, 2 * _k, 2 * _k).reshape(b, _k, 2).clamp(-10.0, 10.0);
        var logWeight = o.narrow(1, 4 * _k, _k).log_softmax(1L);
        return (mean, logVar, logWeight);
    }

    public override Tensor BatchLoss(int[] rows, DataRng rng)
    {
        var (mean, logVar, logWeight) = Parameters(Features(rows));
        var diff = Labels(rows).unsqueeze(1) - mean;                                       // [B, k, 2]
        // log N(y; μ_k, diag e^ℓ) = −½ Σᵢ (log 2π + ℓᵢ + (yᵢ − μᵢ)² e^{−ℓᵢ})
        var logNormal = (diff.square() * (-logVar).exp() + logVar + LogTwoPi).sum(2L) * -0.5; // [B, k]
        return -(logWeight + logNormal).logsumexp(1L).mean();
    }

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        float[] mean, logVar, logWeight;
        using (NewDisposeScope())
        using (no_grad())
        {
            _net.eval();
            var p = Parameters(Features(rows));
            mean = p.Mean.cpu().contiguous().data<float>().ToArray();
            logVar = p.LogVar.cpu().contiguous().data<float>().ToArray();
            logWeight = p.LogWeight.cpu().contiguous().data<float>().ToArray();
        }
        int n = rows.Length, m = _samples;
        var values = new double[n * 2 * m];
        var rng = DataRng.For("gmm-saa", Settings.Seed);
        var probs = new double[_k];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < _k; c++) probs[c] = Math.Exp(logWeight[r * _k + c]);
            for (int s = 0; s < m; s++)
            {
                int c = rng.Categorical(probs);
                for (int i = 0; i < 2; i++)
                {
                    int o = (r * _k + c) * 2 + i;
                    values[(r * 2 + i) * m + s] = mean[o] + Math.Exp(0.5 * logVar[o]) * rng.NextNormal();
                }
            }
        }
        var objective = new ScenarioObjective(n, m, values, false, Enumerable.Repeat(1.0 / m, m).ToArray(), true);
        return Solver.Solve(Task.Cost, Task.Lo, Task.Hi, objective, cancel);
    }
}
