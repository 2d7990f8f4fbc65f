namespace Df2.Engine.Optim;

/// <summary>
/// SGD with momentum (torch.optim.SGD, dampening 0, not Nesterov):
/// g ← g + λθ; b ← μb + g (b = g on the first step); θ ← θ − lr·b (b = g when μ = 0).
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly float _mu, _wd;
    private readonly float[]?[] _buf;

    public SGD(IEnumerable<Tensor> ps, float lr, float momentum = 0, float weightDecay = 0) : base(ps, lr)
    {
        _mu = momentum; _wd = weightDecay;
        _buf = new float[Params.Count][];
    }

    public override void Step()
    {
        for (int i = 0; i < Params.Count; i++)
        {
            var p = Params[i];
            if (p.Grad is null) continue;
            var th = p.MutableSpan; var g = p.Grad.Span;
            float[]? b = _buf[i];
            bool first = b is null;
            if (_mu != 0 && b is null) b = _buf[i] = new float[p.Numel];
            for (int j = 0; j < th.Length; j++)
            {
                float d = g[j] + _wd * th[j];
                if (b is not null) { b[j] = first ? d : _mu * b[j] + d; d = b[j]; }
                th[j] -= LearningRate * d;
            }
        }
    }

    public override Dictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor> { ["lr"] = Tensor.Scalar(LearningRate) };
        for (int i = 0; i < Params.Count; i++)
            if (_buf[i] is float[] b) d[$"momentum_buffer.{i}"] = Tensor.FromArray(b, Params[i].Shape);
        return d;
    }

    public override void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (state.TryGetValue("lr", out var lr)) LearningRate = lr.Item();
        for (int i = 0; i < Params.Count; i++)
            _buf[i] = state.ContainsKey($"momentum_buffer.{i}") ? Need(state, $"momentum_buffer.{i}", Params[i].Shape).ToArray() : null;
    }
}
