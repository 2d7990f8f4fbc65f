using Df2.Learning.Running;
using Df2.Robust.Running;

namespace Df2.Robust.Tests;

/// <summary>
/// The dfl-predictor dependency cell and the baselines checkpoint every epoch (weights, Adam, best epoch, generator
/// states): a run killed after an epoch and resumed from that checkpoint ends with the uninterrupted run's weights.
/// The cells train in df2-worker children (<see cref="WorkerCells"/>); a sink that throws kills its child, as a lost
/// attempt does.
/// </summary>
public class PredictorResumeTests
{
    private static readonly Dictionary<string, string> Parameters = new() { ["dfl_epochs"] = "3", ["test_rows"] = "28", ["epochs"] = "2" };

    /// <summary>Keeps every save; the <c>killAfter</c>-th save kills the child (the run stops there).</summary>
    private sealed class KillingSink(int killAfter) : ICheckpointSink
    {
        public List<(int Epoch, byte[] State)> Saves { get; } = [];

        public void Save(int epoch, byte[] state)
        {
            Saves.Add((epoch, state));
            if (Saves.Count == killAfter) throw new OperationCanceledException("killed");
        }

        public (int Epoch, byte[] State)? Load() => Saves.Count == 0 ? null : Saves[^1];
    }

    [Fact]
    public void Killed_dfl_predictor_resumes_to_the_uninterrupted_weights()
    {
        var request = new CellRequest("llm-provisioning", DflPredictorMethod.Key, Parameters, 2, 0);
        var straight = WorkerCells.Shared.Run(request, new MemorySink());

        var sink = new KillingSink(killAfter: 1);
        Assert.Throws<OperationCanceledException>(() => WorkerCells.Shared.Run(request, sink));
        var resumed = WorkerCells.Shared.Run(request, sink);

        Assert.Equal(1, resumed.Extra["resumed_from_epoch"]);
        Assert.Equal(straight.Extra["best_epoch"], resumed.Extra["best_epoch"]);
        Assert.Equal(straight.Extra["regret_val"], resumed.Extra["regret_val"]);
        Assert.Equal(straight.Artifact, resumed.Artifact);
    }

    [Fact]
    public void Killed_baseline_resumes_to_the_uninterrupted_regret()
    {
        var dfl = WorkerCells.Shared.Run(new CellRequest("llm-provisioning", DflPredictorMethod.Key, Parameters, 2, 0)).Artifact!;
        var request = new CellRequest("llm-provisioning", "gaussian", Parameters, 2, 0)
        {
            Inputs = new Dictionary<string, byte[]> { [DflPredictorMethod.Key] = dfl },
        };
        var straight = WorkerCells.Shared.Run(request, new MemorySink());
        var sink = new KillingSink(killAfter: 1);
        Assert.Throws<OperationCanceledException>(() => WorkerCells.Shared.Run(request, sink));
        var resumed = WorkerCells.Shared.Run(request, sink);
        Assert.Equal(1, resumed.Extra["resumed_from_epoch"]);
        Assert.Equal(straight.Regret, resumed.Regret);
    }
}
