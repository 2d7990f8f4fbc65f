using Df2.Engine;
using Df2.Engine.NN;
using Df2.Engine.Optim;

namespace Df2.Bench;

/// <summary>
/// One training step of a 2-layer, 256-unit LSTM (batch 64, 24 steps, input 1) with a Linear(256,1)
/// head on the last hidden state, MSE loss, backward and Adam — the same as torch_peers.py's "lstm".
/// </summary>
public static class LstmBench
{
    public static void Run(BenchArgs a)
    {
        int repeats = a.Int("repeats", 20);
        var rng = new Rng(1);
        var lstm = new LSTM(1, 256, 2, rng);
        var head = new Linear(256, 1, rng);
        var opt = new Adam(lstm.Parameters().Concat(head.Parameters()), 1e-3f);
        var x = rng.Normal(0, 1, 64, 24, 1);
        var y = rng.Normal(0, 1, 64, 1);
        float last = 0;
        void Step()
        {
            opt.ZeroGrad();
            var o = lstm.Forward(x);                          // [64, 24, 256]
            var h = o.Slice(1, 23, 24).Reshape(64, 256);
            var loss = head.Forward(h).Sub(y).Pow(2).Mean();
            loss.Backward();
            opt.Step();
            last = loss.Item();
        }
        if (a.Int("profile", 0) == 1)
        {
            for (int r = 0; r < 3; r++)
            {
                var sw = System.Diagnostics.Stopwatch.StartNew();
                opt.ZeroGrad();
                var o = lstm.Forward(x);
                var loss = head.Forward(o.Slice(1, 23, 24).Reshape(64, 256)).Sub(y).Pow(2).Mean();
                double tf = sw.Elapsed.TotalMilliseconds;
                loss.Backward();
                double tb = sw.Elapsed.TotalMilliseconds;
                opt.Step();
                Console.WriteLine($"  profile: forward {tf:F1} ms, backward {tb - tf:F1} ms, adam {sw.Elapsed.TotalMilliseconds - tb:F1} ms, gen0/1/2 GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            }
        }
        var proc = System.Diagnostics.Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var ts = BenchArgs.Time(repeats, Step);
        proc.Refresh();
        double cpuPerStep = (proc.TotalProcessorTime - cpu0).TotalSeconds / (repeats + 1);
        Console.WriteLine($"lstm 2x256 step (B=64, T=24, I=1): median {BenchArgs.Median(ts) * 1e3:F1} ms  min {ts[0] * 1e3:F1} ms  (repeats {repeats}, final loss {last:F4}); CPU {cpuPerStep * 1e3:F1} ms per step (all threads)");
        // FLOPs: forward 2 layers × 24 steps × 2·64·(in+256)·1024 MACs ×2; backward ≈ 2× forward.
        double fwd = 0;
        for (int l = 0; l < 2; l++) fwd += 24 * 2.0 * 64 * ((l == 0 ? 1 : 256) + 256) * 1024;
        Console.WriteLine($"  GEMM FLOPs per step ≈ {3 * fwd / 1e9:F2} GFLOP → {3 * fwd / BenchArgs.Median(ts) / 1e9:F1} GFLOP/s achieved");
    }
}
