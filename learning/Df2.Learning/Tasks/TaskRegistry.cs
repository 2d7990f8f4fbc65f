using Df2.Kernels.Ops;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Solvers;
using Df2.Learning.Tasks.Inventory;
using Df2.Learning.Tasks.LlmProvisioning;
using Df2.Learning.Tasks.Synthetic;
using Df2.Learning.Tasks.Vaccine;
using Df2.Learning.Tasks.Wind;

namespace Df2.Learning.Tasks;

/// <summary>
/// Every task by name (the synthetic tasks of App. F.2, then wind, inventory and vaccine of App. F.3–F.5); tests and
/// sweeps enumerate <see cref="All"/>. Each descriptor carries its family's paper defaults: synthetic — 50 epochs,
/// MLP encoder of width 128, S = 1000, k = 3, solver lr 0.01, no validation selection and no gradient clipping
/// (the last epoch is evaluated); real-world — 200 epochs (vaccine 50 at lr 1e-4), LSTM (vaccine DC-RNN) encoder,
/// solver lr 0.1 (vaccine 0.01), validation selection every epoch and gradient-norm clipping at 100.
/// </summary>
public static class TaskRegistry
{
    private const TaskOffer Box = TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.SeparableBox;

    /// <summary>A box task whose windows are one univariate series (<see cref="Data.RealWorld.WindowedSeries"/>): wind, inventory.</summary>
    private const TaskOffer SeriesBox = Box | TaskOffer.LastObservation;

    private static readonly Dictionary<string, string> SyntheticDefaults = new()
    {
        ["epochs"] = "50", ["hidden"] = "128", ["S"] = "1000", ["k"] = "3", ["solver_lr"] = "0.01",
        ["val_every"] = "0", ["clip"] = "0", ["encoder"] = "mlp",
    };

    public static IReadOnlyList<TaskDescriptor> All { get; } =
    [
        .. SyntheticProblem.All.Select(p => new TaskDescriptor(p.Name, p.Description, SyntheticDefaults, [SyntheticSettings.Group, SolverSettings.Group], Box, s => Synthetic(p, s))),
        new("wind", "wind power bidding (App. F.3), a ∈ [0, 4]¹²",
            new Dictionary<string, string> { ["hidden"] = "256", ["S"] = "500", ["solver_lr"] = "0.1", ["ebm_temperature"] = "10", ["encoder"] = "lstm" },
            [WindSettings.Group, SolverSettings.Group], SeriesBox,
            s =>
            {
                var w = s.Get<WindSettings>();
                return WindTask.Load(DataRoot.Resolve(w.DataDir), w.Source, w.Stride, BoxSolver(s), Path(w.Fused));
            }),
        new("inventory", "inventory optimisation (App. F.5, stand-in data), a ∈ [0, 3]⁷",
            new Dictionary<string, string> { ["hidden"] = "128", ["S"] = "230", ["solver_lr"] = "0.1", ["ebm_temperature"] = "1", ["encoder"] = "lstm" },
            [InventorySettings.Group, SolverSettings.Group], SeriesBox,
            s =>
            {
                var i = s.Get<InventorySettings>();
                return InventoryTask.Load(DataRoot.Resolve(i.DataDir), i.Source, i.Store, i.Item, i.M5Series, i.Stride, BoxSolver(s), Path(i.Fused));
            }),
        new("vaccine", "vaccine distribution (App. F.4), a on the budget simplex of ℝ⁴⁷",
            new Dictionary<string, string>
            {
                ["hidden"] = "128", ["S"] = "100", ["solver_lr"] = "0.01", ["epochs"] = "50", ["lr"] = "1e-4", ["ebm_temperature"] = "10", ["encoder"] = "dcrnn",
            },
            [VaccineSettings.Group, SolverSettings.Group], TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.BudgetSimplex,
            s =>
            {
                var (v, solver) = (s.Get<VaccineSettings>(), s.Get<SolverSettings>());
                return new VaccineTask(VaccineSetup.Get(DataRoot.Resolve(v.DataDir)), new MirrorDescentSolver(solver.Steps, solver.LearningRate, v.Gradient), 0);
            }),
        // 3D-Learning's closed-form methods (Df2.Robust) read this task's data settings and their own records; the decision-cost
        // methods (df2, policy-net, two-stage) train here on one-slot decisions, solver lr 0.01 on the box [5e-4, 1] of 4e5-token units
        new(LlmProvisioningTask.Key, "LLM resource provisioning (3D-Learning): context tokens per 5 s slot, 23V training, 7 test sets",
            new Dictionary<string, string> { ["hidden"] = "64", ["S"] = "100", ["solver_lr"] = "0.01", ["encoder"] = "lstm", ["epochs"] = "20" },
            [ProvisioningSettings.Group, SolverSettings.Group],
            TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.ClosedFormDecision | TaskOffer.SequenceImages,
            s =>
            {
                var l = s.Get<ProvisioningSettings>();
                return LlmProvisioningTask.Load(l.DataDir, l.TestRows, l.Objective, l.Corruptions, BoxSolver(s));
            })
        {
            RegretFormula = LlmProvisioningTask.RegretFormula,
        },
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(t => t.Name).ToArray();

    public static TaskDescriptor Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"task '{name}' is unknown; known: {string.Join(", ", Names)}");

    /// <summary>The cell's task, its training windows capped at <c>max_train</c> (the latest ones; 0 = all).</summary>
    public static IDecisionTask Create(CellSettings s)
    {
        var task = Get(s.TaskName).Build(s);
        int maxTrain = s.Get<TrainerSettings>().MaxTrain;
        var train = task.Data.Train;
        if (maxTrain <= 0 || train.Count <= maxTrain) return task;
        int fx = task.SeqLen * task.StepFeatures, fy = task.YDim, skip = train.Count - maxTrain;
        var cut = new WindowedSplit(train.X[(skip * fx)..], train.Y[(skip * fy)..], maxTrain);
        return new TrainLimitedTask(task, task.Data with { Train = cut });
    }

    private static ProjectedAdamSolver BoxSolver(CellSettings s) => s.Get<SolverSettings>().Box();

    private static SyntheticTask Synthetic(SyntheticProblem problem, CellSettings s)
    {
        var settings = s.Get<SyntheticSettings>();
        return new(problem, problem.Generate(s.DataSeed, settings.Pairs), s.DataSeed, Path(settings.Fused), BoxSolver(s));
    }

    /// <summary>DF2's eq. 4 on a separable task: the fused kernel (<c>fused = 1</c>) or plain libtorch (<c>fused = 0</c>).</summary>
    private static CostPath Path(bool fused) => fused ? CostPath.Auto : CostPath.Plain;
}
