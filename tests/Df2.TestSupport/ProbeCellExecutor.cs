using System.Diagnostics;
using Df2.Learning.Running;
using static TorchSharp.torch;
using Df2.Grains;

namespace Df2.TestSupport;

/// <summary>
/// NOT TRAINING. Repeats, for <c>probe_ms</c> milliseconds (default 2000), the TorchSharp 0.107 call patterns that a GC
/// started by another thread can break (docs/reproduction.md, "Known hazard"): implicit Scalars (<c>add_(1e-8)</c>, whose
/// default alpha is an implicit Scalar too, <c>mul_(3.0)</c>, <c>t * 0.5 + 1.0</c>) and temporaries outside a
/// DisposeScope, and checks every value. It allocates managed garbage between the calls, as training does. Extra holds
/// <c>probe_calls</c>, <c>probe_exceptions</c> and <c>probe_wrong</c> (values that differ from the first pass's); regret
/// is 0. The fault tests run it in df2-worker children while the silo is busy.
/// </summary>
public sealed class ProbeCellExecutor : ICellExecutor
{
    public string Name => "probe";

    public IReadOnlyList<string>? TaskNames => null;

    public IReadOnlyList<string>? MethodNames => null;

    public void Validate(CellRequest request)
    {
        foreach (var (k, v) in request.Parameters)
        {
            if (k != "probe_ms") throw new ArgumentException($"unknown parameter '{k}' for the probe executor (probe_ms)", k);
            if (!int.TryParse(v, out var ms) || ms < 1) throw new ArgumentException($"probe_ms must be a positive integer, got '{v}'", k);
        }
    }

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => [];

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var ms = request.Parameters.TryGetValue("probe_ms", out var text) ? int.Parse(text) : 2000;
        long calls = 0, exceptions = 0, wrong = 0;
        double? expected = null;
        using var t = zeros(64, dtype: float64);
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < ms)
        {
            cancel.ThrowIfCancellationRequested();
            try
            {
                t.zero_();
                t.add_(1e-8);
                t.mul_(3.0);
                var value = (t * 0.5 + 1.0).sum().item<double>(); // three temporaries left to the GC
                calls += 6;
                expected ??= Math.Abs(value - 64 * (1 + 1.5e-8)) < 1e-9 ? value : double.NaN;
                if (!value.Equals(expected)) wrong++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                exceptions++;
            }
            GC.KeepAlive(new byte[4096]);
        }
        var extra = new Dictionary<string, double>
        {
            ["probe_calls"] = calls, ["probe_exceptions"] = exceptions, ["probe_wrong"] = wrong, ["probe_seconds"] = clock.Elapsed.TotalSeconds,
        };
        return new CellMetrics(0, null, null, 1, clock.Elapsed.TotalSeconds, extra);
    }
}
