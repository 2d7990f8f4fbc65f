using Df2.GrainInterfaces;
using Df2.Learning.Running;
using Microsoft.Extensions.Logging;

namespace Df2.Grains;

/// <summary>
/// One assigned cell trained on its own thread (never inside a grain turn): loads the last checkpoint,
/// runs the executor, reports each epoch with its checkpoint to the cell grain (one call per epoch, <see cref="GrainCheckpointSink"/>), then completes, fails with the
/// reason (permanent for NaN losses, bad parameters and bad data files) or, when drained, releases the cell.
/// A failure inside the cell fails that cell, never the worker or the silo. The artifacts of the cell's dependencies are
/// loaded from the checkpoint store into the request; a dependency cell's own final artifact is stored there before it completes. A 3D-Learning step (the assignment names
/// one) runs through <see cref="DroStepRun"/> and reports to the run's DroGrain instead.
/// </summary>
public sealed class CellRun(CellAssignment assignment, string worker, string device, ICellExecutor executor,
    ICheckpointStore store, IGrainFactory grains, ILogger log, Action finished)
{
    private readonly CancellationTokenSource _drain = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly TaskCompletionSource<CellOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CellAssignment Assignment => assignment;

    public Task<CellOutcome> Completion => _done.Task;

    /// <summary>When the run ended (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): its slot is idle from then.</summary>
    public long FinishedAt { get; private set; }

    public void Start() => new Thread(Body) { IsBackground = true, Name = $"cell {assignment.Cell.Key}" }.Start();

    /// <summary>Stop at the executor's next cancellation point and give the cell back (SIGTERM, Ctrl-C).</summary>
    public void Drain() => _drain.Cancel();

    private void Body()
    {
        CellOutcome outcome;
        try { outcome = Execute(); }
        catch (Exception e)
        {
            // The cluster could not be told (longer than the retry budget): the membership watch recovers the cell.
            log.LogError(e, "{Cell}: could not report the outcome", assignment.Cell.Key);
            outcome = CellOutcome.Lost;
        }
        FinishedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        _done.SetResult(outcome);
        finished();
    }

    private CellOutcome Execute()
    {
        if (assignment.Step is not null)
        {
            using var step = CancellationTokenSource.CreateLinkedTokenSource(_drain.Token, _lost.Token);
            return DroStepRun.Execute(assignment, worker, device, executor, store, grains, log, step.Token, _lost);
        }
        var c = assignment.Cell;
        var cell = grains.GetGrain<ICellGrain>(StorageNames.CellGrainKey(assignment.SweepId, c.Key));
        using var run = CancellationTokenSource.CreateLinkedTokenSource(_drain.Token, _lost.Token);
        try
        {
            (int, byte[])? initial = assignment.Checkpoint is { } cp ? (cp.Epoch, store.Load(cp.Location)) : null;
            var sink = new GrainCheckpointSink(store, cell, assignment, initial, _lost);
            var request = new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed, device) { Inputs = LoadInputs(assignment, store) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var metrics = executor.Run(request, sink, r =>
            {
                Df2Metrics.EpochDone(worker, device, r.EpochSeconds);
                if (!sink.Progress(new EpochProgress(r.Epoch, r.TotalEpochs, r.Loss, r.EpochSeconds))) _lost.Cancel();
            }, run.Token);
            var extra = metrics.Extra.Where(kv => double.IsFinite(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);
            extra["executor_seconds"] = clock.Elapsed.TotalSeconds; // wall time inside the executor on this attempt
            if (!sink.Flush()) return CellOutcome.Lost;
            var artifact = metrics.Artifact is { } bytes ? store.SaveArtifact(assignment.SweepId, c.Key, bytes) : null;
            var result = new CellResult(metrics.Regret, metrics.LowerBound, metrics.Gap, metrics.Epochs, metrics.TrainSeconds, extra, artifact);
            var ack = GrainRetry.Run(() => cell.CompleteAsync(assignment.Attempt, worker, result));
            return ack.Accepted ? CellOutcome.Completed : CellOutcome.Lost;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.InnerException is OperationCanceledException))
        {
            if (_lost.IsCancellationRequested) return CellOutcome.Lost;
            GrainRetry.Run(() => cell.ReleaseAsync(assignment.Attempt, worker, $"drained from {worker}; resumes from its last checkpoint"));
            return CellOutcome.Released;
        }
        catch (Exception e) when (e is not OrleansException)
        {
            var (reason, permanent) = (CellFailure.Reason(e), CellFailure.IsPermanent(e));
            Df2Metrics.Failed(reason, permanent);
            log.LogWarning("{Cell}: attempt {Attempt} failed: {Reason}", c.Key, assignment.Attempt, reason);
            GrainRetry.Run(() => cell.FailAsync(assignment.Attempt, worker, reason, permanent));
            return CellOutcome.Failed;
        }
    }

    /// <summary>The dependencies' artifacts named by the assignment (dependency method → bytes from the checkpoint store).</summary>
    internal static Dictionary<string, byte[]> LoadInputs(CellAssignment assignment, ICheckpointStore store) =>
        (assignment.Inputs ?? []).ToDictionary(kv => kv.Key, kv => store.Load(kv.Value), StringComparer.Ordinal);
}
