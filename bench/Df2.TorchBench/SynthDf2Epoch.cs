using Df2.Kernels.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// The DF2 synthetic non-convex epoch of /work/shared/bench/df2_synth_torch.py in TorchSharp, op level:
/// N = 5000 (70 % train), S = 1000 attention points, J = 100 actions, batch 64, hidden 128, Adam 1e-3.
///   w = softmax(enc(x)·Kᵀ/√H) [b, S] (eq. 4's attention);  g[b, j] = Σ_s w[b, s]·f(v_s, a_bj);
///   loss = mean((g − f(y, a))²) (eq. 2),  f(y, a) = Σ_d c(y_d, a_d), c non-convex (App. F.2).
/// Variants for g: "fused-weighted" (<see cref="WeightedSeparableCost"/>, no [b, J, S] table),
/// "fused" (<see cref="PairwiseCost"/> then ·w and Σ_s), "plain" (libtorch broadcasting, [b, J, S, 2]).
/// </summary>
public sealed class SynthDf2Epoch : IDisposable
{
    private const int N = 5000, S = 1000, J = 100, B = 64, H = 128;
    private static readonly PiecewiseCoefficients Cost = PiecewiseCoefficients.NonConvex;
    private readonly Generator _gen;
    private readonly Tensor _xtr, _ytr;
    private readonly Sequential _encoder;
    private readonly Parameter _keys, _values;
    private readonly optim.Optimizer _adam;
    private readonly int _ntr;

    public double LastTotal { get; private set; }

    public SynthDf2Epoch(ulong seed)
    {
        _gen = new Generator(seed);
        manual_seed((long)seed);
        var mix = rand(3, 2, 2, generator: _gen);
        var x = rand(N, 2, generator: _gen) * 2 - 1;
        var component = multinomial(tensor(new[] { .3f, .3f, .4f }), N, replacement: true, generator: _gen);
        var y = mix.index_select(0, component).matmul(x.unsqueeze(-1)).squeeze(-1) + Math.Sqrt(0.1) * randn(N, 2, generator: _gen);
        _ntr = (int)(0.7 * N);
        _xtr = x.narrow(0, 0, _ntr).contiguous();
        _ytr = y.narrow(0, 0, _ntr).contiguous();
        _encoder = nn.Sequential(nn.Linear(2, H), nn.ReLU(), nn.Linear(H, H));
        _keys = new Parameter(randn(S, H, generator: _gen) / Math.Sqrt(H));
        _values = new Parameter(_ytr.index_select(0, randint(0, _ntr, S, generator: _gen)).clone());
        _adam = optim.Adam(_encoder.parameters().Append(_keys).Append(_values), 1e-3);
    }

    /// <summary>Batches per epoch.</summary>
    public int Batches => (_ntr + B - 1) / B;

    /// <summary>One epoch (or its first <paramref name="maxBatches"/> batches when positive).</summary>
    public void Run(string variant, int maxBatches)
    {
        var perm = randperm(_ntr, generator: _gen);
        var total = zeros(1);
        for (int i = 0, batch = 0; i < _ntr && (maxBatches <= 0 || batch < maxBatches); i += B, batch++)
        {
            using var scope = NewDisposeScope();
            var idx = perm.narrow(0, i, Math.Min(B, _ntr - i));
            var xb = _xtr.index_select(0, idx);
            var yb = _ytr.index_select(0, idx);
            var a = rand(idx.shape[0], J, 2, generator: _gen) * 4 - 2;
            var w = (_encoder.call(xb).matmul(_keys.t()) / Math.Sqrt(H)).softmax(-1L);           // [b, S]
            var g = variant switch                                                              // [b, J]
            {
                "fused-weighted" => WeightedSeparableCost.Apply(Cost, _values, w, a),
                "fused" => (PairwiseCost.Apply(Cost, _values, a) * w.unsqueeze(1)).sum(-1L),
                "plain" => WeightedSeparableCost.Apply(Cost, _values, w, a, CostPath.Plain),
                _ => throw new ArgumentException($"--variant must be fused-weighted, fused, plain or all (got '{variant}')."),
            };
            var loss = (g - Cost.Cost(yb.unsqueeze(1), a).sum(-1L)).square().mean();
            _adam.zero_grad();
            loss.backward();
            _adam.step();
            total.add_(loss.detach());
        }
        LastTotal = total.item<float>();
        total.Dispose();
        perm.Dispose();
    }

    public void Dispose()
    {
        _encoder.Dispose(); _adam.Dispose(); _keys.Dispose(); _values.Dispose(); _xtr.Dispose(); _ytr.Dispose();
    }
}
