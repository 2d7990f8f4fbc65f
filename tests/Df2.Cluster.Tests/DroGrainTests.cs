using Df2.GrainInterfaces;

namespace Df2.Cluster.Tests;

/// <summary>
/// The DroGrain's protocol on the in-process test cluster, driven by hand (no worker runs its steps): one step in flight
/// at a time, steps in order with the last half's checkpoint, stale attempts refused, a step lost with its silo handed
/// out again, the result and failures passed to the cell grain.
/// </summary>
[Collection(GrainCollection.Name)]
public class DroGrainTests(GrainClusterFixture fx)
{
    private static CellDescription Cell(string key) =>
        new(key, "llm-provisioning", "3dl", "", new Dictionary<string, string> { ["rounds"] = "1" }, 0, 0, Halves: 2);   // the plan the executor gives rounds 1

    private static DroStepReport Finished(DroStep step, int halves) =>
        new(step, new CheckpointRef(halves, $"run/a0-e{halves}.ckpt"), 1.0, new() { [$"seconds_{step.Half}"] = 0.5 });

    private async Task<(ICellGrain Cell, IDroGrain Dro, string Silo)> Start(string sweep)
    {
        var cell = Cell("llm-provisioning/3dl/seed=0/data=0");
        var key = $"{sweep}|{cell.Key}";
        await fx.Grains.GetGrain<ICellGrain>(key).InitAsync(sweep, cell);
        return (fx.Grains.GetGrain<ICellGrain>(key), fx.Grains.GetGrain<IDroGrain>(key), fx.Cluster.Primary!.SiloAddress.ToParsableString());
    }

    [Fact]
    public async Task Steps_run_one_at_a_time_in_order_and_the_result_reaches_the_cell()
    {
        var (cell, dro, silo) = await Start("dro-order");
        var adversary = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.Equal((new DroStep(0, DroStep.Adversary), 1, null), (adversary!.Step, adversary.Attempt, adversary.Checkpoint));
        Assert.Null(await dro.NextStepAsync("w2", "cpu", silo));                       // in flight on a live silo
        var running = await cell.ViewAsync();
        Assert.Equal((CellStatus.Running, "w1", silo), (running.Status, running.Worker, running.Silo));
        Assert.False((await dro.StepFinishedAsync(2, "w1", Finished(adversary.Step!, 1))).Accepted);   // not its attempt
        Assert.False((await dro.StepFinishedAsync(1, "w1", Finished(adversary.Step!, 2))).Accepted);   // wrong checkpoint
        Assert.True((await dro.StepFinishedAsync(1, "w1", Finished(adversary.Step!, 1))).Accepted);

        var decision = await dro.NextStepAsync("w2", "cpu", silo);
        Assert.Equal((new DroStep(0, DroStep.Decision), 2, 1), (decision!.Step, decision.Attempt, decision.Checkpoint!.Epoch));
        Assert.True((await dro.StepFinishedAsync(2, "w2", Finished(decision.Step!, 2))).Accepted);
        var afterRound = await cell.ViewAsync();
        Assert.Equal((1, 2, null), (afterRound.Progress!.Epoch, afterRound.Checkpoint!.Epoch, afterRound.Silo));

        var evaluate = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.Equal((new DroStep(1, DroStep.Evaluate), 2), (evaluate!.Step, evaluate.Checkpoint!.Epoch));
        var result = new CellResult(0.25, null, null, 1, 1.0, new() { ["regret_avg5"] = 0.25 });
        Assert.True((await dro.CompleteAsync(evaluate.Attempt, "w1", result)).Accepted);
        Assert.True((await dro.CompleteAsync(evaluate.Attempt, "w1", result)).Duplicate);
        Assert.Null(await dro.NextStepAsync("w1", "cpu", silo));

        var done = await cell.ViewAsync();
        Assert.Equal((CellStatus.Done, 1, 1, 0.25), (done.Status, done.Attempt, done.Completions, done.Result!.Regret));
        Assert.Equal((0.5, 0.5, 3.0), (done.Result.Extra["seconds_adversary"], done.Result.Extra["seconds_decision"], done.Result.Extra["dro_dispatches"]));
        var run = await dro.ViewAsync();
        Assert.Equal((CellStatus.Done, 2, 3, 0), (run.Status, run.FinishedHalves, run.Dispatches, run.Redispatches));
    }

    [Fact]
    public async Task A_step_lost_with_its_silo_runs_again_from_the_same_checkpoint_and_the_stale_attempt_is_refused()
    {
        var (cell, dro, silo) = await Start("dro-lost");
        var first = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.True((await dro.StepFinishedAsync(first!.Attempt, "w1", Finished(first.Step!, 1))).Accepted);
        var lost = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.False(await dro.RecoverAsync("S127.0.0.1:1:1"));                              // another silo: nothing to do
        Assert.True(await dro.RecoverAsync(silo));
        Assert.Null((await cell.ViewAsync()).Silo);
        var again = await dro.NextStepAsync("w2", "cpu", silo);
        Assert.Equal((lost!.Step, lost.Checkpoint, lost.Attempt + 1), (again!.Step, again.Checkpoint, again.Attempt));
        Assert.False((await dro.StepFinishedAsync(lost.Attempt, "w1", Finished(lost.Step!, 2))).Accepted);
        var run = await dro.ViewAsync();
        Assert.Equal((1, 3, 1), (run.FinishedHalves, run.Dispatches, run.Redispatches));
        Assert.Equal(CellStatus.Running, (await cell.ViewAsync()).Status);
    }

    [Fact]
    public async Task A_permanent_step_failure_fails_the_cell_with_the_reason()
    {
        var (cell, dro, silo) = await Start("dro-fail");
        var step = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.True((await dro.FailAsync(step!.Attempt, "w1", "adversary objective became NaN", permanent: false)).Accepted);
        var retry = await dro.NextStepAsync("w1", "cpu", silo);
        Assert.Equal((step.Step, step.Attempt + 1), (retry!.Step, retry.Attempt));
        Assert.True((await dro.FailAsync(retry.Attempt, "w1", "adversary objective became NaN", permanent: true)).Accepted);
        var failed = await cell.ViewAsync();
        Assert.Equal(CellStatus.Failed, failed.Status);
        Assert.Contains("round 0 adversary half: adversary objective became NaN", failed.Reason);
        Assert.Null(await dro.NextStepAsync("w1", "cpu", silo));
    }
}
