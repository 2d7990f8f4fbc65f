using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Methods.Robust;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// The DF2 paper's methods by name, one class each. DF2, policy-net and the two-stage methods need a task's decision cost
/// (its oracle, solver and uniform actions); dfl, so-ebm and lodl need in addition a separable box (their SAA argmin per
/// coordinate) or a budget simplex (mirror descent); so do 3D-Learning's robust baselines on these tasks
/// (<see cref="RobustDflMethod"/>: DFL under a DRO or augmentation objective). The plug-in catalog (Df2.Robust's <c>Catalog</c>) lists them with
/// 3D-Learning's methods and derives the pairs.
/// </summary>
public static class MethodRegistry
{
    private static readonly TaskOffer[] AnyDecisionCost = [TaskOffer.Windows | TaskOffer.DecisionCost];

    private static readonly TaskOffer[] ArgminDifferentiable =
    [
        TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.SeparableBox,
        TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.BudgetSimplex,
    ];

    public static IReadOnlyList<MethodDescriptor> All { get; } =
    [
        MethodDescriptor.Of("df2", "DF2: a GMM-attention model of the decision cost trained on sampled actions (eq. 2–4)", AnyDecisionCost, (t, s) => new Df2Method(t, s), Df2Settings.Group) with { Proposed = true },
        MethodDescriptor.Of("policy-net", "a network that outputs the decision, trained on the task cost", AnyDecisionCost, (t, s) => new PolicyNetMethod(t, s)),
        MethodDescriptor.Of("two-stage-pe", "point forecast by MSE, then the solver on it", AnyDecisionCost, (t, s) => new TwoStagePeMethod(t, s)),
        MethodDescriptor.Of("persistence", "the last observed value as the forecast of every target step, then the solver on it (naive reference, no training)",
            [TaskOffer.Windows | TaskOffer.DecisionCost | TaskOffer.LastObservation], (t, s) => new PersistenceForecastMethod(t, s)),
        MethodDescriptor.Of("two-stage-gmm", "k-GMM forecast by NLL, then the solver on its samples", AnyDecisionCost, (t, s) => new TwoStageGmmMethod(t, s), GmmSettings.Group),
        MethodDescriptor.Of("dfl", "DFL: the two-stage GMM fine-tuned end to end through the SAA argmin", ArgminDifferentiable, (t, s) => new DflMethod(t, s), DflSettings.Group),
        MethodDescriptor.Of("so-ebm", "SO-EBM: energy-based surrogate of the decision loss", ArgminDifferentiable, (t, s) => new SoEbmMethod(t, s), SoEbmSettings.Group),
        MethodDescriptor.Of("lodl", "LODL: a learned local surrogate of the decision loss", ArgminDifferentiable, (t, s) => new LodlMethod(t, s), LodlSettings.Group),
        .. RobustObjective.Names.Select(o => MethodDescriptor.Of(o, $"DFL whose decision-focused phase minimises the {o} objective of the per-sample task losses",
            ArgminDifferentiable, (t, s) => new RobustDflMethod(o, t, s), DflSettings.Group, RobustObjectiveSettings.Group)),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    /// <summary>The methods that fit a task (what it offers covers one of their needs), in registry order.</summary>
    public static IReadOnlyList<string> Fitting(string task) =>
        [.. All.Where(d => PluginCatalog.Fits(d, TaskRegistry.Get(task))).Select(d => d.Name)];

    public static MethodDescriptor Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"method '{name}' is unknown; known: {string.Join(", ", Names)}");

    public static TrainableMethod Create(string name, IDecisionTask task, CellSettings s) => Get(name).Create(task, s);
}
