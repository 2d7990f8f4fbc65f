using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// A method of the DF2 paper's family as a plug-in: its name, what it needs from a task, its factory, and whether it is
/// warm-started (derives from <see cref="WarmStartedGmmMethod"/>: a two-stage pre-training phase before its own loss).
/// <see cref="WarmStarted"/> is read from the method's type, so a new method gets it without a list. Every such method
/// trains through the one loop, <see cref="CellTrainer"/>; one that <see cref="Trains">trains nothing</see> (persistence)
/// goes through it with 0 epochs, straight to the evaluation.
/// </summary>
public sealed record MethodDescriptor(string Name, string Description, IReadOnlyList<TaskOffer> Needs,
    Func<IDecisionTask, CellSettings, TrainableMethod> Create, bool WarmStarted, bool Trains) : IMethodPlugin
{
    /// <summary>Descriptor of a method class; <see cref="WarmStarted"/> = the class derives from <see cref="WarmStartedGmmMethod"/>.</summary>
    public static MethodDescriptor Of<TMethod>(string name, string description, IReadOnlyList<TaskOffer> needs,
        Func<IDecisionTask, CellSettings, TMethod> create, bool trains = true) where TMethod : TrainableMethod =>
        new(name, description, needs, create, typeof(WarmStartedGmmMethod).IsAssignableFrom(typeof(TMethod)), trains);

    /// <summary>Epochs the method trains for under these settings (the built method's <see cref="TrainableMethod.TotalEpochs"/>).</summary>
    public int TotalEpochs(CellSettings s) => !Trains ? 0 : WarmStarted ? WarmStartedGmmMethod.EpochCount(s) : s.Epochs;

    public bool ProducesArtifact => false;

    public void Validate(CellRequest request) => CellTrainer.Validate(request);

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => [];

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        CellTrainer.Run(request, checkpoints, progress, cancel);
}
