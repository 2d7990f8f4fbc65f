using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Methods;

namespace Df2.Learning.RealWorld.Running;

/// <summary>
/// A real-world method as the runner sees it before building it: its name, its factory, and whether it is
/// warm-started (derives from <see cref="WarmStartedGmmMethod"/>: a two-stage pre-training phase before its
/// own loss). <see cref="WarmStarted"/> is read from the method's type, so a new method gets it without a list.
/// </summary>
public sealed record RealWorldMethodDescriptor(string Name, Func<IRealWorldTask, RealWorldSettings, RealWorldMethod> Create, bool WarmStarted)
{
    /// <summary>Descriptor of a method class; <see cref="WarmStarted"/> = the class derives from <see cref="WarmStartedGmmMethod"/>.</summary>
    public static RealWorldMethodDescriptor Of<TMethod>(string name, Func<IRealWorldTask, RealWorldSettings, TMethod> create) where TMethod : RealWorldMethod =>
        new(name, create, typeof(WarmStartedGmmMethod).IsAssignableFrom(typeof(TMethod)));

    /// <summary>Epochs the method trains for under these settings (the built method's <see cref="RealWorldMethod.TotalEpochs"/>).</summary>
    public int TotalEpochs(RealWorldSettings s) => WarmStarted ? WarmStartedGmmMethod.EpochCount(s) : s.Epochs;
}

/// <summary>Methods that run on the real-world tasks, by the same names as the synthetic registry plus the DFL family.</summary>
public static class RealWorldMethodRegistry
{
    public static IReadOnlyList<RealWorldMethodDescriptor> All { get; } =
    [
        RealWorldMethodDescriptor.Of("df2", (t, s) => new Df2Rw(t, s)),
        RealWorldMethodDescriptor.Of("policy-net", (t, s) => new PolicyNetRw(t, s)),
        RealWorldMethodDescriptor.Of("two-stage-pe", (t, s) => new TwoStagePeRw(t, s)),
        RealWorldMethodDescriptor.Of("two-stage-gmm", (t, s) => new TwoStageGmmRw(t, s)),
        RealWorldMethodDescriptor.Of("dfl", (t, s) => new DflMethod(t, s)),
        RealWorldMethodDescriptor.Of("so-ebm", (t, s) => new SoEbmMethod(t, s)),
        RealWorldMethodDescriptor.Of("lodl", (t, s) => new LodlMethod(t, s)),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(d => d.Name).ToArray();

    public static RealWorldMethodDescriptor Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"method '{name}' is unknown for real-world tasks; known: {string.Join(", ", Names)}");

    public static RealWorldMethod Create(string name, IRealWorldTask task, RealWorldSettings s) => Get(name).Create(task, s);
}
