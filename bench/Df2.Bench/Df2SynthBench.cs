using Df2.Engine;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Bench;

/// <summary>
/// The DF2 synthetic non-convex epoch of /work/shared/bench/df2_synth_torch.py, same computation in our engine:
/// N = 5000 (70 % train), S = 1000 attention points, J = 100 actions, batch 64, hidden 128, Adam 1e-3.
///   w = softmax(enc(x)·keysᵀ/√H)  [b,S];  F[b,j,s] = f(v_s, a_bj)  [b,J,S];  g = Σ_s F·w  [b,J]
///   loss = mean((g − f(y, a))²),  f(y, a) = Σ_d 10·relu(y−a)² + 2·relu(a−y)² + 4a³
/// "unfused" builds F from broadcast engine ops ([b,J,S,2] intermediates, exactly like the PyTorch script);
/// "fused" computes F with the <see cref="PairwiseCostOp"/> custom op, then mul + sum like the script;
/// "fused-weighted" computes g with <see cref="WeightedPairwiseCostOp"/> (no [b,J,S] tensor at all).
/// </summary>
public static class Df2SynthBench
{
    const int N = 5000, S = 1000, J = 100, B = 64, H = 128;

    public static void Run(BenchArgs args)
    {
        int epochs = args.Int("epochs", 3);
        var variant = args.Str("variant", "all");
        foreach (var v in variant == "all" ? new[] { "fused-weighted", "fused", "unfused" } : [variant])
        {
            if (v != "fused" && v != "unfused" && v != "fused-weighted") throw new ArgumentException($"--variant must be unfused, fused, fused-weighted or all (got '{v}').");
            var model = new Model(0);
            var proc = System.Diagnostics.Process.GetCurrentProcess();
            model.Epoch(v);
            var cpu0 = proc.TotalProcessorTime; long flt0 = MinorFaults(); int gc0 = GC.CollectionCount(2);
            var ts = new double[epochs];
            for (int e = 0; e < epochs; e++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                model.Epoch(v);
                ts[e] = sw.Elapsed.TotalSeconds;
            }
            proc.Refresh();
            Console.WriteLine($"  per epoch: CPU {(proc.TotalProcessorTime - cpu0).TotalSeconds / epochs:F2} s (all threads), minor page faults {(MinorFaults() - flt0) / epochs}, gen2 GCs {(GC.CollectionCount(2) - gc0) / (double)epochs:F1}");
            Array.Sort(ts);
            Console.WriteLine($"df2-synth-nonconvex {v}: epoch s median {BenchArgs.Median(ts):F3} min {ts[0]:F3} (epochs timed {epochs} after 1 warm-up; last epoch loss sum {model.LastTotal:F2})");
        }
    }

    /// <summary>Minor page faults of this process so far (Linux /proc/self/stat field 10; 0 elsewhere).</summary>
    public static long MinorFaults()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }

    /// <summary>f(y, a) = Σ_d 10·relu(y−a)² + 2·relu(a−y)² + 4a³ with broadcasting engine ops.</summary>
    public static Tensor Cost(Tensor yv, Tensor a) =>
        yv.Sub(a).Relu().Pow(2).Mul(10f).Add(a.Sub(yv).Relu().Pow(2).Mul(2f)).Add(a.Pow(3).Mul(4f)).Sum(-1);

    private sealed class Model
    {
        private readonly Rng _rng;
        private readonly Tensor _xtr, _ytr, _keys, _vals;
        private readonly Sequential _enc;
        private readonly Adam _opt;
        private readonly int _ntr;
        public double LastTotal;

        public Model(ulong seed)
        {
            _rng = new Rng(seed);
            var A = _rng.Uniform(0, 1, 3, 2, 2).ToArray();
            var x = _rng.Uniform(-1, 1, N, 2).ToArray();
            var y = new float[N * 2];
            for (int i = 0; i < N; i++)
            {
                int c = _rng.Categorical([.3f, .3f, .4f]);
                for (int r = 0; r < 2; r++)
                    y[i * 2 + r] = A[c * 4 + r * 2] * x[i * 2] + A[c * 4 + r * 2 + 1] * x[i * 2 + 1] + MathF.Sqrt(0.1f) * _rng.NextNormal();
            }
            _ntr = (int)(0.7 * N);
            _xtr = Tensor.FromArray(x[..(_ntr * 2)], _ntr, 2);
            _ytr = Tensor.FromArray(y[..(_ntr * 2)], _ntr, 2);
            _enc = new Sequential(new Linear(2, H, _rng), new ReLU(), new Linear(H, H, _rng));
            _keys = _rng.Normal(0, 1f / MathF.Sqrt(H), S, H); _keys.RequiresGrad = true;
            var pick = Enumerable.Range(0, S).Select(_ => _rng.NextInt(_ntr)).ToArray();
            _vals = _ytr.IndexSelect(0, pick).Detach().Clone(); _vals.RequiresGrad = true;
            _opt = new Adam(_enc.Parameters().Append(_keys).Append(_vals), 1e-3f);
        }

        public void Epoch(string variant)
        {
            var perm = _rng.Permutation(_ntr);
            double tot = 0;
            for (int i = 0; i < _ntr; i += B)
            {
                var idx = perm[i..Math.Min(i + B, _ntr)];
                int b = idx.Length;
                var xb = _xtr.IndexSelect(0, idx); var yb = _ytr.IndexSelect(0, idx);
                var a = _rng.Uniform(-2, 2, b, J, 2);
                var w = Tensor.Linear(_enc.Forward(xb), _keys, null).Mul(1f / MathF.Sqrt(H)).Softmax(-1);      // [b, S]
                Tensor g;                                                                                      // [b, J]
                if (variant == "fused-weighted") g = WeightedPairwiseCostOp.Apply(_vals, w, a);
                else
                {
                    var fv = variant == "fused" ? PairwiseCostOp.Apply(_vals, a)                              // [b, J, S]
                                                : Cost(_vals.Reshape(1, 1, S, 2), a.Reshape(b, J, 1, 2));
                    g = fv.Mul(w.Unsqueeze(1)).Sum(-1);
                }
                var loss = g.Sub(Cost(yb.Unsqueeze(1), a)).Pow(2).Mean();
                _opt.ZeroGrad(); loss.Backward(); _opt.Step(); tot += loss.Item();
            }
            LastTotal = tot;
        }
    }
}
