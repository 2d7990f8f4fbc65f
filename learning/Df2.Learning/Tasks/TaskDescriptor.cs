using Df2.Learning.Plugins;
using Df2.Learning.Running;

namespace Df2.Learning.Tasks;

/// <summary>
/// A registered task: its name, its parameter defaults (the paper's values for the family, e.g. epochs, hidden width,
/// solver learning rate, default feature network <c>encoder</c>, model selection and clipping; each applies to a cell
/// whose records declare the key), its settings records (data options such as <c>n</c> or <c>source</c>, and the
/// test-time solver), what it offers methods (<see cref="TaskOffer"/>: every task here is an <see cref="IDecisionTask"/>,
/// a separable box or a budget simplex), and how to build it from a cell's settings.
/// </summary>
public sealed record TaskDescriptor(
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Defaults,
    IReadOnlyList<SettingsGroup> Settings,
    TaskOffer Offers,
    Func<CellSettings, IDecisionTask> Build) : ITaskPlugin
{
    /// <summary>The task's regret as tables print it (default: the per-sample regret; a task with its own protocol says its own).</summary>
    public string RegretFormula { get; init; } = ITaskPlugin.PerSampleRegret;
}
