using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.Running;
using Df2.Learning.Tasks;

namespace Df2.Learning.Methods;

/// <summary>
/// Every method by name, one class each, for every task of <see cref="TaskRegistry"/>; tests and sweeps enumerate
/// <see cref="All"/> × <see cref="TaskRegistry.All"/>. dfl, so-ebm and lodl need a separable box task or a
/// budget-simplex task (every registered task is one of the two).
/// </summary>
public static class MethodRegistry
{
    public static IReadOnlyList<MethodDescriptor> All { get; } =
    [
        MethodDescriptor.Of("df2", (t, s) => new Df2Method(t, s)),
        MethodDescriptor.Of("policy-net", (t, s) => new PolicyNetMethod(t, s)),
        MethodDescriptor.Of("two-stage-pe", (t, s) => new TwoStagePeMethod(t, s)),
        MethodDescriptor.Of("two-stage-gmm", (t, s) => new TwoStageGmmMethod(t, s)),
        MethodDescriptor.Of("dfl", (t, s) => new DflMethod(t, s)),
        MethodDescriptor.Of("so-ebm", (t, s) => new SoEbmMethod(t, s)),
        MethodDescriptor.Of("lodl", (t, s) => new LodlMethod(t, s)),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    public static MethodDescriptor Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"method '{name}' is unknown; known: {string.Join(", ", Names)}");

    public static TrainableMethod Create(string name, IDecisionTask task, CellSettings s) => Get(name).Create(task, s);
}
