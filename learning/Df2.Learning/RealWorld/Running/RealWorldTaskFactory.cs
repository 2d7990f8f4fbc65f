using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Data;
using Df2.Learning.RealWorld.Inventory;
using Df2.Learning.RealWorld.Vaccine;
using Df2.Learning.RealWorld.Wind;
using Df2.Learning.Solvers;

namespace Df2.Learning.RealWorld.Running;

/// <summary>Builds the real-world tasks ("wind", "inventory", "vaccine") from a cell's settings.</summary>
public static class RealWorldTaskFactory
{
    public static readonly string[] Names = ["wind", "inventory", "vaccine"];

    public static IRealWorldTask Create(RealWorldSettings s)
    {
        var root = DataRoot.Resolve(s.Text("data_dir"));
        var box = new ProjectedAdamSolver(s.Int("solver_steps"), s.Real("solver_lr"), s.Int("solver_starts"));
        IRealWorldTask task = s.TaskName switch
        {
            "wind" => WindTask.Load(root, s.Text("source") ?? "tennet", s.Int("stride"), box),
            "inventory" => InventoryTask.Load(root, s.Text("source") ?? "store-item", s.Int("store"), s.Int("item"), s.Text("m5_series") ?? M5Series.DefaultId, s.Int("stride"), box),
            "vaccine" => new VaccineTask(VaccineSetup.Get(root), new MirrorDescentSolver(s.Int("solver_steps"), s.Real("solver_lr"), s.MirrorGradient), 0),
            _ => throw new ArgumentException($"task '{s.TaskName}' is not a real-world task; known: {string.Join(", ", Names)}"),
        };
        return Limit(task, s.Int("max_train"));
    }

    /// <summary>Keeps only the latest <paramref name="maxTrain"/> training windows (0 = all).</summary>
    private static IRealWorldTask Limit(IRealWorldTask task, int maxTrain)
    {
        var train = task.Data.Train;
        if (maxTrain <= 0 || train.Count <= maxTrain) return task;
        int fx = task.SeqLen * task.StepFeatures, fy = task.YDim, skip = train.Count - maxTrain;
        var cut = new WindowedSplit(train.X[(skip * fx)..], train.Y[(skip * fy)..], maxTrain);
        return new TrainLimitedTask(task, task.Data with { Train = cut });
    }
}
