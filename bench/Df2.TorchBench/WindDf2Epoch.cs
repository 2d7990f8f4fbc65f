using Df2.Kernels.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// A wind DF2 training epoch at the paper's shape (§3, App. F.3): LSTM 2×256 encoder over 24 past hours,
/// query Linear(256, 128), keys [500, 128], values [500, 12] (S = 500), J = 100 actions uniform on [0, 4]¹²,
/// batch 64, Adam 1e-3;  w = softmax(q Kᵀ/√128) (eq. 4), g[b, j] = Σ_s w[b, s]·f(v_s, a_bj),
/// loss = mean((g − f(y, a))²) (eq. 2), f(y, a) = Σ_h c(y_h, a_h) the wind-bidding cost.
/// Variants for g: "fused-weighted" (<see cref="WeightedSeparableCost"/>), "plain" (libtorch broadcasting,
/// [b, J, S, 12] intermediates); "--batches" times only the first batches.
/// </summary>
public sealed class WindDf2Epoch : IDisposable
{
    private const int S = 500, J = 100, B = 64, Hidden = 256, D = 128;
    private static readonly WindBiddingCoefficients Cost = WindBiddingCoefficients.Paper;
    private readonly Generator _gen;
    private readonly Tensor _x, _y;
    private readonly LSTM _lstm;
    private readonly Linear _query;
    private readonly Parameter _keys, _values;
    private readonly optim.Optimizer _adam;

    public long TrainingWindows => _x.shape[0];

    public double LastTotal { get; private set; }

    public WindDf2Epoch(string dataFile, ulong seed)
    {
        _gen = new Generator(seed);
        manual_seed((long)seed);
        (_x, _y) = WindSeries.TrainingWindows(dataFile);
        _lstm = nn.LSTM(1, Hidden, numLayers: 2, batchFirst: true);
        _query = nn.Linear(Hidden, D);
        _keys = new Parameter(randn(S, D, generator: _gen));
        _values = new Parameter(_y.index_select(0, randint(0, _y.shape[0], S, generator: _gen)).clone());
        _adam = optim.Adam(_lstm.parameters().Concat(_query.parameters()).Append(_keys).Append(_values), 1e-3);
    }

    /// <summary>One epoch (or its first <paramref name="maxBatches"/> batches when positive).</summary>
    public void Run(string variant, int maxBatches)
    {
        long n = _x.shape[0];
        using var perm = randperm(n, generator: _gen);
        using var total = zeros(1);
        int batches = 0;
        for (long i = 0; i < n && (maxBatches <= 0 || batches < maxBatches); i += B, batches++)
        {
            using var scope = NewDisposeScope();
            var idx = perm.narrow(0, i, Math.Min(B, n - i));
            var xb = _x.index_select(0, idx);
            var yb = _y.index_select(0, idx);
            var a = rand(idx.shape[0], J, 12, generator: _gen) * 4;
            var (output, _, _) = _lstm.call(xb);
            var w = (_query.call(output.select(1, -1)).matmul(_keys.t()) / Math.Sqrt(D)).softmax(-1L);     // [b, S]
            var g = variant switch                                                                      // [b, J]
            {
                "fused-weighted" => WeightedSeparableCost.Apply(Cost, _values, w, a),
                "plain" => WeightedSeparableCost.Apply(Cost, _values, w, a, CostPath.Plain),
                _ => throw new ArgumentException($"--variant must be fused-weighted, plain or all (got '{variant}')."),
            };
            var loss = (g - Cost.Cost(yb.unsqueeze(1), a).sum(-1L)).square().mean();
            _adam.zero_grad();
            loss.backward();
            _adam.step();
            total.add_(loss.detach());
        }
        LastTotal = total.item<float>();
    }

    public void Dispose()
    {
        _lstm.Dispose(); _query.Dispose(); _adam.Dispose(); _keys.Dispose(); _values.Dispose(); _x.Dispose(); _y.Dispose();
    }
}
