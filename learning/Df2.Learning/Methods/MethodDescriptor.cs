using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// A method as the trainer sees it before building it: its name, its factory, and whether it is
/// warm-started (derives from <see cref="WarmStartedGmmMethod"/>: a two-stage pre-training phase before its
/// own loss). <see cref="WarmStarted"/> is read from the method's type, so a new method gets it without a list.
/// </summary>
public sealed record MethodDescriptor(string Name, Func<IDecisionTask, CellSettings, TrainableMethod> Create, bool WarmStarted)
{
    /// <summary>Descriptor of a method class; <see cref="WarmStarted"/> = the class derives from <see cref="WarmStartedGmmMethod"/>.</summary>
    public static MethodDescriptor Of<TMethod>(string name, Func<IDecisionTask, CellSettings, TMethod> create) where TMethod : TrainableMethod =>
        new(name, create, typeof(WarmStartedGmmMethod).IsAssignableFrom(typeof(TMethod)));

    /// <summary>Epochs the method trains for under these settings (the built method's <see cref="TrainableMethod.TotalEpochs"/>).</summary>
    public int TotalEpochs(CellSettings s) => WarmStarted ? WarmStartedGmmMethod.EpochCount(s) : s.Epochs;
}
