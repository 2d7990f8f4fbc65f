using System.Numerics.Tensors;

namespace Df2.Engine.Optim;

/// <summary>
/// Adam with PyTorch's semantics (torch.optim.Adam, L2 weight decay added to the gradient):
/// g ← g + λθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − (lr/(1−β₁ᵗ)) · m / (√v/√(1−β₂ᵗ) + ε).
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float _b1, _b2, _eps, _wd;
    private readonly float[][] _m, _v;
    private int _t;

    public Adam(IEnumerable<Tensor> ps, float lr = 1e-3f, float beta1 = .9f, float beta2 = .999f, float eps = 1e-8f, float weightDecay = 0)
        : base(ps, lr)
    {
        _b1 = beta1; _b2 = beta2; _eps = eps; _wd = weightDecay;
        _m = Params.Select(p => new float[p.Numel]).ToArray();
        _v = Params.Select(p => new float[p.Numel]).ToArray();
    }

    /// <summary>Number of steps taken.</summary>
    public int StepCount => _t;

    public override void Step()
    {
        _t++;
        double bc1 = 1 - Math.Pow(_b1, _t), bc2 = 1 - Math.Pow(_b2, _t);
        float stepSize = (float)(LearningRate / bc1), sqrtBc2 = (float)Math.Sqrt(bc2);
        for (int i = 0; i < Params.Count; i++)
        {
            var p = Params[i];
            if (p.Grad is null) continue;
            var th = p.MutableSpan; var g = p.Grad.Span; var m = _m[i]; var v = _v[i];
            for (int j = 0; j < th.Length; j++)
            {
                float gj = g[j] + _wd * th[j];
                m[j] = _b1 * m[j] + (1 - _b1) * gj;
                v[j] = _b2 * v[j] + (1 - _b2) * gj * gj;
                float denom = MathF.Sqrt(v[j]) / sqrtBc2 + _eps;
                th[j] -= stepSize * (m[j] / denom);
            }
        }
    }

    public override Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor> { ["step"] = Tensor.Scalar(_t), ["lr"] = Tensor.Scalar(LearningRate) };
        for (int i = 0; i < Params.Count; i++)
        {
            d[$"exp_avg.{i}"] = Tensor.FromArray(_m[i], Params[i].Shape);
            d[$"exp_avg_sq.{i}"] = Tensor.FromArray(_v[i], Params[i].Shape);
        }
        return d;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        _t = (int)Need(state, "step", []).Item();
        if (state.TryGetValue("lr", out var lr)) LearningRate = lr.Item();
        for (int i = 0; i < Params.Count; i++)
        {
            Need(state, $"exp_avg.{i}", Params[i].Shape).Span.CopyTo(_m[i]);
            Need(state, $"exp_avg_sq.{i}", Params[i].Shape).Span.CopyTo(_v[i]);
        }
    }
}
