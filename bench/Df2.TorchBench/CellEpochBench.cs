using System.Diagnostics;
using System.Globalization;
using Df2.Learning.Data;
using Df2.Learning.Methods;
using Df2.Learning.Nets;
using Df2.Learning.Running;
using Df2.Learning.Tasks;
using static TorchSharp.torch;
using Rng = Df2.Kernels.Random.Rng;

namespace Df2.TorchBench;

/// <summary>
/// The training batches of a real cell, timed: the cell's own task (<see cref="TaskRegistry"/>), method
/// (<see cref="MethodRegistry"/>), optimizer (<see cref="CellTrainer.NewAdam"/>), batch order and step
/// (<see cref="CellTrainer.TrainBatch"/>) — the objects <c>df2 run</c> trains with, at the paper's shapes by default
/// (<c>--set key=value,…</c> overrides cell parameters). After one warm-up pass it times <c>--epochs</c> passes of the
/// first <c>--batches</c> batches, then states the floor of one batch on this machine and the gap to it:
/// <list type="bullet">
/// <item>the encoder's forward + backward at libtorch's measured matrix-product rate: for an LSTM, 3 × 2·B·T·Σ_layers
/// 4H(in + H) flops (forward, and backward ≈ twice the forward), at the GFLOP/s of the gate product [B, in + H]·[in + H, 4H]
/// measured here;</item>
/// <item>DF2's eq. 4 alone (the cell's <see cref="IDecisionTask.WeightedPairCosts"/>, forward + backward on the batch's shapes);</item>
/// <item>the same encoder class as the cell (<see cref="LstmEncoder"/>) measured forward + backward, for its share.</item>
/// </list>
/// </summary>
public static class CellEpochBench
{
    private static readonly Dictionary<string, Dictionary<string, string>> PaperShapes = new()
    {
        ["wind"] = new() { ["hidden"] = "256", ["layers"] = "2", ["S"] = "500", ["J"] = "100", ["batch"] = "64", ["val_every"] = "0" },
        ["inventory"] = new() { ["hidden"] = "128", ["layers"] = "2", ["S"] = "230", ["J"] = "100", ["batch"] = "64", ["val_every"] = "0" },
        ["synthetic-convex"] = new() { ["S"] = "1000", ["J"] = "100", ["batch"] = "64" },
        ["synthetic-nonconvex"] = new() { ["S"] = "1000", ["J"] = "100", ["batch"] = "64" },
    };

    public static void Run(BenchOptions options)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var taskName = options.Text("task", "wind");
        var methodName = options.Text("method", "df2");
        int batches = options.Int("batches", 5), epochs = options.Int("epochs", 3);
        var p = new Dictionary<string, string>(PaperShapes.GetValueOrDefault(taskName) ?? []);
        foreach (var kv in options.Text("set", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            p[kv[..kv.IndexOf('=')]] = kv[(kv.IndexOf('=') + 1)..];
        var settings = CellSettings.Of(taskName, methodName, p, 0, 0);
        var trainer = settings.Get<TrainerSettings>();
        var task = TaskRegistry.Create(settings);
        var method = MethodRegistry.Create(methodName, task, settings);
        using var optimizer = CellTrainer.NewAdam(method, trainer.LearningRate);
        int batch = trainer.Batch;
        var order = CellTrainer.EpochStream(0, 0).Permutation(task.Data.Train.Count);
        int perEpoch = (order.Length + batch - 1) / batch;
        batches = Math.Min(batches, perEpoch);
        method.Model.train();
        void Pass()
        {
            var rng = CellTrainer.EpochStream(0, 0);
            for (int k = 0; k < batches; k++)
                CellTrainer.TrainBatch(method, optimizer, order[(k * batch)..Math.Min(order.Length, (k + 1) * batch)], 0, rng, trainer.Clip, $"{taskName}/{methodName}");
        }
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var seconds = BenchOptions.Time(epochs, Pass);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / (epochs + 1);
        double perBatch = BenchOptions.Median(seconds) / batches;
        Console.WriteLine(($"cell {taskName}/{methodName} ({string.Join(" ", p.Select(kv => $"{kv.Key}={kv.Value}"))}; {task.Data.Train.Count} training windows, {perEpoch} batches per epoch): "
            + $"first {batches} batches {BenchOptions.Summary(seconds, 1, "s")}; {perBatch * 1e3:F1} ms per batch; CPU {cpu / batches * 1e3:F1} ms per batch (all threads); loadavg {BenchOptions.Load()}"));
        Floor(options, task, method, settings, batch, perBatch);
    }

    /// <summary>The floor of one batch: the encoder's flops at the measured product rate plus eq. 4 alone; the gap to <paramref name="perBatch"/>.</summary>
    private static void Floor(BenchOptions options, IDecisionTask task, TrainableMethod method, CellSettings s, int batch, double perBatch)
    {
        int repeats = options.Int("repeats", 10);
        double encoderFloor = 0, encoderMeasured = 0;
        var e = s.Get<EncoderSettings>();
        if (e.Kind == "lstm")
        {
            int hidden = e.Hidden, layers = e.Layers, t = task.SeqLen, f = task.StepFeatures;
            double flops = 0;
            for (int l = 0; l < layers; l++) flops += 2.0 * batch * t * 4 * hidden * ((l == 0 ? f : hidden) + hidden);
            flops *= 3;                                                                  // forward + backward (≈ 2 × forward)
            var gemm = GemmRate(batch, hidden + hidden, 4 * hidden, repeats);
            encoderFloor = flops / gemm;
            var encoder = new LstmEncoder(f, hidden, layers, new Rng(1));
            var x = randn(batch, t, f);
            encoderMeasured = BenchOptions.Median(BenchOptions.Time(repeats, () =>
            {
                using var scope = NewDisposeScope();
                encoder.zero_grad();
                encoder.forward(x).sum().backward();
            }));
            Console.WriteLine(($"  encoder LSTM {layers}×{hidden} (T {t}): {flops / 1e9:F2} GFLOP forward + backward per batch at {gemm / 1e9:F1} GFLOP/s "
                + $"(gate product [{batch}, {2 * hidden}]·[{2 * hidden}, {4 * hidden}] measured) = floor {encoderFloor * 1e3:F1} ms; the LstmEncoder measured {encoderMeasured * 1e3:F1} ms"));
        }
        double eq4 = 0;
        if (method is Df2Method)
        {
            int points = s.Get<Df2Settings>().AttentionPoints, j = s.Get<Df2Settings>().Actions, d = task.ADim;
            var v = randn(points, task.YDim).abs().requires_grad_(true);
            var w = randn(batch, points).softmax(-1L).requires_grad_(true);
            var a = rand(batch, j, d);
            eq4 = BenchOptions.Median(BenchOptions.Time(repeats, () =>
            {
                using var scope = NewDisposeScope();
                task.WeightedPairCosts(v, w, a).sum().backward();
            }));
            Console.WriteLine(($"  DF2 eq. 4 (the task's WeightedPairCosts: {(task.Separable?.Fused is not null ? "fused kernel" : "[B, J, S] table")}; "
                + $"B {batch} × J {j} × S {points} × D {d} = {(double)batch * j * points * d / 1e6:F1} M terms) forward + backward: {eq4 * 1e3:F1} ms"));
        }
        double floor = encoderFloor + eq4;
        if (floor > 0)
            Console.WriteLine(($"  floor per batch {floor * 1e3:F1} ms (encoder at the product rate + eq. 4 measured); the cell's batch {perBatch * 1e3:F1} ms = {perBatch / floor:F2}× the floor; "
                + $"encoder share of the batch {(encoderMeasured > 0 ? encoderMeasured / perBatch : double.NaN):P0}"));
    }

    /// <summary>Flop rate of libtorch's float32 matrix product [m, k]·[k, n] on this machine (median of repeats).</summary>
    private static double GemmRate(int m, int k, int n, int repeats)
    {
        var a = randn(m, k);
        var b = randn(k, n);
        const int inner = 20;
        var t = BenchOptions.Median(BenchOptions.Time(repeats, () =>
        {
            for (int i = 0; i < inner; i++) { using var c = a.matmul(b); }
        }));
        return 2.0 * m * k * n * inner / t;
    }
}
