using Df2.Learning.Methods.DecisionFocused;
using Df2.Learning.RealWorld.Core;
using Df2.Learning.RealWorld.Methods;

namespace Df2.Learning.RealWorld.Running;

/// <summary>Methods that run on the real-world tasks, by the same names as the synthetic registry plus the DFL family.</summary>
public static class RealWorldMethodRegistry
{
    private static readonly Dictionary<string, Func<IRealWorldTask, RealWorldSettings, RealWorldMethod>> Factories = new()
    {
        ["df2"] = (t, s) => new Df2Rw(t, s),
        ["policy-net"] = (t, s) => new PolicyNetRw(t, s),
        ["two-stage-pe"] = (t, s) => new TwoStagePeRw(t, s),
        ["two-stage-gmm"] = (t, s) => new TwoStageGmmRw(t, s),
        ["dfl"] = (t, s) => new DflMethod(t, s),
        ["so-ebm"] = (t, s) => new SoEbmMethod(t, s),
        ["lodl"] = (t, s) => new LodlMethod(t, s),
    };

    public static IReadOnlyList<string> Names { get; } = Factories.Keys.ToArray();

    /// <summary>Methods that need a separable box task (wind, inventory); on vaccine they throw when validated.</summary>
    public static readonly string[] SeparableOnly = ["dfl", "so-ebm", "lodl"];

    public static RealWorldMethod Create(string name, IRealWorldTask task, RealWorldSettings s) =>
        Factories.TryGetValue(name, out var f)
            ? f(task, s)
            : throw new ArgumentException($"method '{name}' is unknown for real-world tasks; known: {string.Join(", ", Names)}");
}
