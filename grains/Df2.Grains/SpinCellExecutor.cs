using System.Diagnostics;
using System.Text;
using Df2.Learning.Running;

namespace Df2.Grains;

/// <summary>
/// NOT TRAINING. A trivial cell for scheduler benchmarks and fault tests: for each of
/// <c>epochs</c> (default 1) epochs it sleeps <c>spin_ms</c> milliseconds (default 0), saves a
/// checkpoint (the epoch number as text) and reports a "loss" equal to 1/epoch. It resumes from its
/// checkpoint like a real cell. Its "regret" is always 0 and Extra holds <c>spin=1</c>,
/// <c>resumed_from_epoch</c> so results can never be mistaken for a trained method.
/// Optional <c>fail</c>: "nan" fails permanently with "loss became NaN at epoch 1" (exercises the
/// failure path without the learning core).
/// </summary>
public sealed class SpinCellExecutor : ICellExecutor
{
    public string Name => "spin";

    public IReadOnlyList<string>? TaskNames => null;

    public IReadOnlyList<string>? MethodNames => null;

    public void Validate(CellRequest request)
    {
        foreach (var (k, v) in request.Parameters)
        {
            switch (k)
            {
                case "epochs" when !int.TryParse(v, out var e) || e < 1:
                    throw new ArgumentException($"epochs must be a positive integer, got '{v}'", k);
                case "spin_ms" when !int.TryParse(v, out var s) || s < 0:
                    throw new ArgumentException($"spin_ms must be a non-negative integer, got '{v}'", k);
                case "fail" when v != "nan":
                    throw new ArgumentException($"fail must be 'nan', got '{v}'", k);
                case "epochs" or "spin_ms" or "fail":
                    break;
                default:
                    throw new ArgumentException($"unknown parameter '{k}' for the spin executor (epochs, spin_ms, fail)", k);
            }
        }
    }

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var epochs = request.Parameters.TryGetValue("epochs", out var e) ? int.Parse(e) : 1;
        var spinMs = request.Parameters.TryGetValue("spin_ms", out var s) ? int.Parse(s) : 0;
        var start = checkpoints.Load() is { } cp ? int.Parse(Encoding.UTF8.GetString(cp.State)) : 0;
        var clock = Stopwatch.StartNew();
        for (var epoch = start + 1; epoch <= epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var t = Stopwatch.StartNew();
            if (spinMs > 0) Thread.Sleep(spinMs);
            if (request.Parameters.TryGetValue("fail", out var f) && f == "nan")
                throw new CellFailedException($"loss became NaN at epoch {epoch}");
            checkpoints.Save(epoch, Encoding.UTF8.GetBytes(epoch.ToString()));
            progress(new EpochReport(epoch, epochs, 1.0 / epoch, t.Elapsed.TotalSeconds));
        }
        return new CellMetrics(0, null, null, epochs, clock.Elapsed.TotalSeconds,
            new Dictionary<string, double> { ["spin"] = 1, ["resumed_from_epoch"] = start });
    }
}
