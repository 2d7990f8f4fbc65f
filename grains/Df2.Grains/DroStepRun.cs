using Df2.GrainInterfaces;
using Df2.Learning.Running;
using Microsoft.Extensions.Logging;

namespace Df2.Grains;

/// <summary>
/// One step of a 3D-Learning run on a worker's cell thread (<see cref="CellRun"/>): loads the last half's checkpoint (and,
/// for a half, the run's dependencies: the pre-trained DDPM, the DFL predictor), runs the half (or the evaluation), stores the new checkpoint and reports it to the run's DroGrain; a failure fails
/// the step with its reason (permanent for bad parameters, data and NaN objectives); a drain gives the step back.
/// Checkpoints of a run are named by finished halves under attempt 0: a half's bytes depend only on its input, so a
/// half run again writes the same file, and the checkpoint two halves back is removed as the run moves on.
/// </summary>
internal static class DroStepRun
{
    public static CellOutcome Execute(CellAssignment assignment, string worker, string device, ICellExecutor executor, ICheckpointStore store,
        IGrainFactory grains, ILogger log, CancellationToken cancel, CancellationTokenSource lost)
    {
        var c = assignment.Cell;
        var step = assignment.Step!;
        var dro = grains.GetGrain<IDroGrain>(StorageNames.CellGrainKey(assignment.SweepId, c.Key));
        try
        {
            if (executor is not IDroStepExecutor steps)
                throw new CellFailedException($"executor '{executor.Name}' cannot run 3D-Learning steps");
            var request = new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed, device);
            var state = assignment.Checkpoint is { } cp ? store.Load(cp.Location) : null;
            if (step.Half == DroStep.Evaluate)
            {
                var metrics = steps.Evaluate(request, state ?? throw new InvalidDataException("3D-L evaluation without a checkpoint"), cancel);
                var extra = metrics.Extra.Where(kv => double.IsFinite(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);
                var result = new CellResult(metrics.Regret, metrics.LowerBound, metrics.Gap, metrics.Epochs, metrics.TrainSeconds, extra);
                return GrainRetry.Run(() => dro.CompleteAsync(assignment.Attempt, worker, result)).Accepted ? CellOutcome.Completed : CellOutcome.Lost;
            }
            var half = steps.RunHalf(request with { Inputs = CellRun.LoadInputs(assignment, store) }, DroSteps.FinishedBefore(step), state, cancel);
            var location = store.Save(assignment.SweepId, c.Key, 0, half.FinishedHalves, half.State);
            var report = new DroStepReport(step, new CheckpointRef(half.FinishedHalves, location), half.Alpha, new(half.Seconds));
            return GrainRetry.Run(() => dro.StepFinishedAsync(assignment.Attempt, worker, report)).Accepted ? CellOutcome.Completed : CellOutcome.Lost;
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.InnerException is OperationCanceledException))
        {
            if (lost.IsCancellationRequested) return CellOutcome.Lost;
            GrainRetry.Run(() => dro.ReleaseAsync(assignment.Attempt, worker, $"drained from {worker}; the step runs again from its checkpoint"));
            return CellOutcome.Released;
        }
        catch (Exception e) when (e is not OrleansException)
        {
            var (reason, permanent) = (CellFailure.Reason(e), CellFailure.IsPermanent(e));
            Df2Metrics.Failed(reason, permanent);
            log.LogWarning("{Cell}: 3D-L step {Round}/{Half} attempt {Attempt} failed: {Reason}", c.Key, step.Round, step.Half, assignment.Attempt, reason);
            GrainRetry.Run(() => dro.FailAsync(assignment.Attempt, worker, reason, permanent));
            return CellOutcome.Failed;
        }
    }
}
