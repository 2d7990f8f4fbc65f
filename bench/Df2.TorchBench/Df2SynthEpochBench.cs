using TorchSharp;
using TorchSharp.Modules;
using Df2.Kernels.Ops;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// The DF2 synthetic non-convex epoch of /work/shared/bench/df2_synth_torch.py (<see cref="Df2Epoch"/>):
/// N = 5000 (70 % train), S = 1000 attention points, J = 100 actions on [−2, 2]², encoder Linear(2, 128)–ReLU–Linear(128, 128),
/// keys [1000, 128] ~ N(0, 1/128), values 1000 training labels, f the non-convex cost (App. F.2).
/// </summary>
public static class Df2SynthEpochBench
{
    private const int N = 5000, S = 1000, J = 100, H = 128;

    public static void Run(BenchOptions options) => Df2Epoch.Bench("df2-synth-nonconvex", options, () => Create(0));

    public static Df2Epoch Create(ulong seed)
    {
        var gen = new Generator(seed);
        manual_seed((long)seed);
        var mix = rand(3, 2, 2, generator: gen);
        var x = rand(N, 2, generator: gen) * 2 - 1;
        var component = multinomial(tensor(new[] { .3f, .3f, .4f }), N, replacement: true, generator: gen);
        var y = mix.index_select(0, component).matmul(x.unsqueeze(-1)).squeeze(-1) + Math.Sqrt(0.1) * randn(N, 2, generator: gen);
        int ntr = (int)(0.7 * N);
        var xtr = x.narrow(0, 0, ntr).contiguous();
        var ytr = y.narrow(0, 0, ntr).contiguous();
        var encoder = nn.Sequential(nn.Linear(2, H), nn.ReLU(), nn.Linear(H, H));
        var keys = new Parameter(randn(S, H, generator: gen) / Math.Sqrt(H));
        var values = new Parameter(ytr.index_select(0, randint(0, ntr, S, generator: gen)).clone());
        return new Df2Epoch(xtr, ytr, encoder, keys, values, PiecewiseCoefficients.NonConvex, J, (-2, 2), gen);
    }
}
