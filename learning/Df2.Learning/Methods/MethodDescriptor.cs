using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Plugins;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// A method of the DF2 paper's family as a plug-in: its name, what it needs from a task, its factory and its class
/// (<see cref="MethodType"/>), from which what it trains is read, so a new method gets it without a list: warm-started
/// (derives from <see cref="WarmStartedGmmMethod"/>: a two-stage pre-training phase before its own loss) or a rule that
/// trains nothing (<see cref="IUntrainedMethod"/>: persistence). Every such method goes through the one loop,
/// <see cref="CellTrainer"/>; one that trains nothing goes through it with 0 epochs, straight to the evaluation.
/// </summary>
public sealed record MethodDescriptor(string Name, string Description, IReadOnlyList<TaskOffer> Needs,
    Func<IDecisionTask, CellSettings, TrainableMethod> Create, Type MethodType, IReadOnlyList<SettingsGroup> Settings) : IMethodPlugin
{
    /// <summary>
    /// Descriptor of a method class reading <paramref name="own"/> settings records besides the trainer's and the encoder's
    /// (every method of the one loop reads those; a warm-started one also <see cref="WarmStartSettings"/> and <see cref="GmmSettings"/>).
    /// </summary>
    public static MethodDescriptor Of<TMethod>(string name, string description, IReadOnlyList<TaskOffer> needs,
        Func<IDecisionTask, CellSettings, TMethod> create, params SettingsGroup[] own) where TMethod : TrainableMethod =>
        new(name, description, needs, create, typeof(TMethod),
        [
            TrainerSettings.Group, Nets.EncoderSettings.Group,
            .. typeof(WarmStartedGmmMethod).IsAssignableFrom(typeof(TMethod)) ? [WarmStartSettings.Group, GmmSettings.Group] : Array.Empty<SettingsGroup>(),
            .. own,
        ]);

    /// <summary>The class derives from <see cref="WarmStartedGmmMethod"/>.</summary>
    public bool WarmStarted => typeof(WarmStartedGmmMethod).IsAssignableFrom(MethodType);

    /// <summary>False for a rule that trains nothing (<see cref="IUntrainedMethod"/>).</summary>
    public bool Trains => !typeof(IUntrainedMethod).IsAssignableFrom(MethodType);

    /// <summary>Epochs the method trains for under these settings: the rule the built method uses (<see cref="TrainableMethod.EpochCount"/>).</summary>
    public int TotalEpochs(CellSettings s) => TrainableMethod.EpochCount(MethodType, s);

    public bool ProducesArtifact => false;

    public bool Proposed { get; init; }

    public void Validate(CellRequest request) => CellTrainer.Validate(request);

    public IReadOnlyList<CellDependency> Dependencies(CellRequest request) => [];

    public CellMetrics Run(CellRequest request, ICheckpointSink checkpoints, Action<EpochReport> progress, CancellationToken cancel) =>
        CellTrainer.Run(request, checkpoints, progress, cancel);
}

/// <summary>A method that trains nothing (a fixed decision rule such as persistence): 0 epochs, no optimizer, no checkpoint.</summary>
public interface IUntrainedMethod;
