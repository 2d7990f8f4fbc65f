using System.Diagnostics;
using Df2.Kernels.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Df2.TorchBench;

/// <summary>
/// One DF2 training epoch at the op level, for any task: batches of 64 training windows (x, y), J actions uniform on
/// [lo, hi]^D, w = softmax(q(x)·Kᵀ/√dim) [b, S] (eq. 4's attention, q the task's query encoder), g[b, j] = Σ_s w[b, s]·f(v_s, a_bj),
/// loss = mean((g − f(y, a))²) (eq. 2), f(y, a) = Σ_d c(y_d, a_d), Adam 1e-3 on the encoder, keys and values.
/// Variants for g: "fused-weighted" (<see cref="WeightedSeparableCost"/>, no [b, J, S] table), "fused" (piecewise costs
/// only: <see cref="PairwiseCost"/> then ·w and Σ_s), "plain" (libtorch broadcasting, [b, J, S, D] intermediates).
/// </summary>
public sealed class Df2Epoch(Tensor x, Tensor y, nn.Module<Tensor, Tensor> encoder, Parameter keys, Parameter values,
    CoordinateCost cost, int actions, (double Lo, double Hi) range, Generator gen) : IDisposable
{
    private const int B = 64;
    private readonly optim.Optimizer _adam = optim.Adam(encoder.parameters().Append(keys).Append(values), 1e-3);
    private readonly double _scale = Math.Sqrt(keys.shape[1]);

    /// <summary>The variants this cost supports.</summary>
    public string[] Variants => cost is PiecewiseCoefficients ? ["fused-weighted", "fused", "plain"] : ["fused-weighted", "plain"];

    public long TrainingWindows => x.shape[0];

    /// <summary>Batches per epoch.</summary>
    public long Batches => (TrainingWindows + B - 1) / B;

    public double LastTotal { get; private set; }

    /// <summary>One epoch (or its first <paramref name="maxBatches"/> batches when positive).</summary>
    public void Run(string variant, int maxBatches)
    {
        long n = TrainingWindows, dims = values.shape[1];
        using var perm = randperm(n, generator: gen);
        using var total = zeros(1);
        for (long i = 0, batch = 0; i < n && (maxBatches <= 0 || batch < maxBatches); i += B, batch++)
        {
            using var scope = NewDisposeScope();
            var idx = perm.narrow(0, i, Math.Min(B, n - i));
            var xb = x.index_select(0, idx);
            var yb = y.index_select(0, idx);
            var a = rand(idx.shape[0], actions, dims, generator: gen) * (range.Hi - range.Lo) + range.Lo;
            var w = (encoder.call(xb).matmul(keys.t()) / _scale).softmax(-1L);                  // [b, S]
            var g = variant switch                                                              // [b, J]
            {
                "fused-weighted" => WeightedSeparableCost.Apply(cost, values, w, a),
                "fused" when cost is PiecewiseCoefficients p => (PairwiseCost.Apply(p, values, a) * w.unsqueeze(1)).sum(-1L),
                "plain" => WeightedSeparableCost.Apply(cost, values, w, a, CostPath.Plain),
                _ => throw new ArgumentException($"--variant must be {string.Join(", ", Variants)} or all (got '{variant}')."),
            };
            var loss = (g - cost.Cost(yb.unsqueeze(1), a).sum(-1L)).square().mean();
            _adam.zero_grad();
            loss.backward();
            _adam.step();
            total.add_(loss.detach());
        }
        LastTotal = total.item<float>();
    }

    /// <summary>
    /// Times each variant (--variant, default all) on a fresh model from <paramref name="create"/>: one warm-up, then --epochs
    /// timed runs of a whole epoch, or of its first --batches batches (then also the per-batch time × batches per epoch,
    /// labelled as extrapolated).
    /// </summary>
    public static void Bench(string label, BenchOptions options, Func<Df2Epoch> create)
    {
        int epochs = options.Int("epochs", 3), batches = options.Int("batches", 0);
        var variant = options.Text("variant", "all");
        var first = create();
        var list = variant == "all" ? first.Variants : [variant];
        for (int k = 0; k < list.Length; k++)
        {
            string v = list[k];
            using var model = k == 0 ? first : create();
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = BenchOptions.Time(epochs, () => model.Run(v, batches));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (epochs + 1);
            string what = batches > 0 ? $"first {batches} batches" : "epoch";
            string extrapolated = batches > 0 ? $"; extrapolated epoch ({model.Batches} batches) {BenchOptions.Median(seconds) / batches * model.Batches:F1} s" : "";
            Console.WriteLine($"{label} {v} ({model.TrainingWindows} training windows, {model.Batches} batches per epoch): {what} {BenchOptions.Summary(seconds, 1, "s")}{extrapolated}; CPU {cpu:F2} s per run (all threads); last loss sum {model.LastTotal:F2}; loadavg {BenchOptions.Load()}");
        }
    }

    public void Dispose()
    {
        encoder.Dispose(); _adam.Dispose(); keys.Dispose(); values.Dispose(); x.Dispose(); y.Dispose();
    }
}
