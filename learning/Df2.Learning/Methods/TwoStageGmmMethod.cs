using Df2.Engine;
using Df2.Engine.NN;
using Df2.Learning.Data;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks;

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
    private const float LogTwoPi = 1.8378770664093453f;
    private readonly Mlp _net;
    private readonly int _k;
    private readonly int _samples;

    public TwoStageGmmMethod(SyntheticTask task, SyntheticDataset data, MethodSettings settings) : base(task, data, settings)
    {
        _k = settings.Int("k");
        _samples = settings.Int("samples");
        _net = new Mlp(2, settings.Hidden, 5 * _k, InitRng);
    }

    public override Module Model => _net;

    /// <summary>(means [B,k,2], log-variances [B,k,2], log-weights [B,k]).</summary>
    private (Tensor Mean, Tensor LogVar, Tensor LogWeight) Parameters(Tensor x)
    {
        int b = x.Shape[0];
        var o = _net.Forward(x);
        var mean = o.Slice(1, 0, 2 * _k).Reshape(b, _k, 2);
        var logVar = o.Slice(1, 2 * _k, 4 * _k).Reshape(b, _k, 2).Clamp(-10f, 10f);
        var logWeight = o.Slice(1, 4 * _k, 5 * _k).LogSoftmax(1);
        return (mean, logVar, logWeight);
    }

    public override Tensor BatchLoss(int[] rows, DataRng rng)
    {
        int b = rows.Length;
        var (mean, logVar, logWeight) = Parameters(Features(rows));
        var y = Tensor.FromArray(Labels(rows), b, 1, 2);
        var diff = y - mean;
        // log N(y; μ_k, diag e^ℓ) = −½ Σᵢ (log 2π + ℓᵢ + (yᵢ − μᵢ)² e^{−ℓᵢ})
        var logNormal = ((diff * diff * (-logVar).Exp()) + logVar + LogTwoPi).Sum(2) * -0.5f; // [B, k]
        return -(logWeight + logNormal).LogSumExp(1).Mean();
    }

    public override double[] Decide(int[] rows, CancellationToken cancel)
    {
        float[] mean, logVar, logWeight;
        using (Autograd.NoGrad())
        {
            var p = Parameters(Features(rows));
            (mean, logVar, logWeight) = (p.Mean.ToArray(), p.LogVar.ToArray(), p.LogWeight.ToArray());
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
