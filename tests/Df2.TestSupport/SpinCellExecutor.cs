using System.Diagnostics;
using System.Text;
using Df2.Learning.Running;
using Df2.Grains;

namespace Df2.TestSupport;

/// <summary>
/// NOT TRAINING. A trivial cell for scheduler benchmarks and fault tests: for each of
/// <c>epochs</c> (default 1) epochs it sleeps <c>spin_ms</c> milliseconds (default 0), saves a
/// checkpoint (the epoch number as text) and reports a "loss" equal to 1/epoch. It resumes from its
/// checkpoint like a real cell. Its "regret" is always 0 and Extra holds <c>spin=1</c>,
/// <c>resumed_from_epoch</c> so results can never be mistaken for a trained method.
/// Optional <c>fail</c>: "nan" fails permanently with "loss became NaN at epoch 1" (exercises the
/// failure path without the learning core). Optional <c>crash</c>: "abort" ends the whole process with
/// <see cref="Environment.FailFast(string)"/> (SIGABRT) at the first epoch of every attempt — only ever run it in a
/// df2-worker child, where it exercises the death of a child.
/// Dependencies: <c>dep: NAME</c> makes the cell depend on a <see cref="DependencyMethod"/> cell with
/// <c>artifact: NAME</c> (<c>dep_epochs</c>, default 2, <c>dep_ms</c>, default 0, and <c>dep_fail</c> become its
/// epochs, spin_ms and fail); that cell's artifact is the text "spin artifact NAME", and the dependent fails unless it
/// receives exactly those bytes (Extra <c>dependency_bytes</c> = their length).
/// </summary>
public sealed class SpinCellExecutor : ICellExecutor
{
    /// <summary>The method of the dependency cells that <c>dep</c> names.</summary>
    public const string DependencyMethod = "spin-dep";

    public string Name => "spin";

    public IReadOnlyList<string>? TaskNames => null;

    public IReadOnlyList<string>? MethodNames => null;

    public void Validate(CellRequest request)
    {
        foreach (var (k, v) in request.Parameters)
        {
            switch (k)
            {
                case "epochs" or "dep_epochs" when !int.TryParse(v, out var e) || e < 1:
                    throw new ArgumentException($"{k} must be a positive integer, got '{v}'", k);
                case "spin_ms" or "dep_ms" when !int.TryParse(v, out var s) || s < 0:
                    throw new ArgumentException($"{k} must be a non-negative integer, got '{v}'", k);
                case "fail" or "dep_fail" when v != "nan":
                    throw new ArgumentException($"{k} must be 'nan', got '{v}'", k);
                case "crash" when v != "abort":
                    throw new ArgumentException($"{k} must be 'abort', got '{v}'", k);
                case "dep" or "artifact" when v.Length == 0:
                    throw new ArgumentException($"{k} must name an artifact", k);
                case "epochs" or "spin_ms" or "fail" or "crash" or "dep" or "dep_epochs" or "dep_ms" or "dep_fail" or "artifact":
                    break;
                default:
                    throw new ArgumentException($"unknown parameter '{k}' for the spin executor (epochs, spin_ms, fail, crash, dep, dep_epochs, dep_ms, dep_fail, artifact)", k);
            }
        }
    }

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request)
    {
        if (!request.Parameters.TryGetValue("dep", out var name)) return [];
        var p = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["artifact"] = name,
            ["epochs"] = request.Parameters.GetValueOrDefault("dep_epochs", "2"),
            ["spin_ms"] = request.Parameters.GetValueOrDefault("dep_ms", "0"),
        };
        if (request.Parameters.TryGetValue("dep_fail", out var fail)) p["fail"] = fail;
        return [new CellDependency(DependencyMethod, p)];
    }

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel)
    {
        Validate(request);
        var epochs = request.Parameters.TryGetValue("epochs", out var e) ? int.Parse(e) : 1;
        var spinMs = request.Parameters.TryGetValue("spin_ms", out var s) ? int.Parse(s) : 0;
        var extra = new Dictionary<string, double> { ["spin"] = 1 };
        if (request.Parameters.TryGetValue("dep", out var dep))
        {
            if (!request.Inputs.TryGetValue(DependencyMethod, out var input) || !input.SequenceEqual(Artifact(dep)))
                throw new CellFailedException($"the {DependencyMethod} artifact '{dep}' is missing or not the one its dependency wrote");
            extra["dependency_bytes"] = input.Length;
        }
        var start = checkpoints.Load() is { } cp ? int.Parse(Encoding.UTF8.GetString(cp.State)) : 0;
        extra["resumed_from_epoch"] = start;
        var clock = Stopwatch.StartNew();
        for (var epoch = start + 1; epoch <= epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            if (request.Parameters.ContainsKey("crash")) Environment.FailFast($"spin: crash requested at epoch {epoch}");
            var t = Stopwatch.StartNew();
            if (spinMs > 0) Thread.Sleep(spinMs);
            if (request.Parameters.TryGetValue("fail", out var f) && f == "nan")
                throw new CellFailedException($"loss became NaN at epoch {epoch}");
            progress(new EpochReport(epoch, epochs, 1.0 / epoch, t.Elapsed.TotalSeconds));   // progress, then checkpoint (as CellTrainer)
            checkpoints.Save(epoch, Encoding.UTF8.GetBytes(epoch.ToString()));
        }
        return new CellMetrics(0, null, null, epochs, clock.Elapsed.TotalSeconds, extra)
        {
            Artifact = request.Parameters.TryGetValue("artifact", out var name) ? Artifact(name) : null,
        };
    }

    private static byte[] Artifact(string name) => Encoding.UTF8.GetBytes($"spin artifact {name}");
}
