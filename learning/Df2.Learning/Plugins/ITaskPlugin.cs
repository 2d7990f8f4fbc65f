using Df2.Learning.Tasks;

namespace Df2.Learning.Plugins;

/// <summary>A task as the catalog sees it: its name, what it is, and what it offers methods.</summary>
public interface ITaskPlugin
{
    string Name { get; }

    string Description { get; }

    TaskOffer Offers { get; }

    /// <summary>The settings records the task reads (its data options, its test-time solver): every cell on it accepts their keys.</summary>
    IReadOnlyList<SettingsGroup> Settings { get; }

    /// <summary>What a cell's regret on this task is, as tables print it (the regret formula named in the output).</summary>
    string RegretFormula => PerSampleRegret;

    /// <summary>The regret of every task scored by the mean of its per-sample regrets (the one trainer's default).</summary>
    const string PerSampleRegret = "regret = mean over test samples of f(y, â(x)) − f(y, a*(y)) (per-sample oracle a*(y)); lower is better";
}
