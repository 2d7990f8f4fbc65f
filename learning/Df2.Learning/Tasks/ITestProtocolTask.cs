using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks;

/// <summary>
/// A decision task scored on several named test sets by its own protocol (3D-Learning's llm-provisioning: a normalised
/// regret per set and their averages) rather than by the mean regret of one test split. The one trainer decides on every
/// set with the same method and hands the per-window costs here; the returned value is the cell's regret.
/// </summary>
public interface ITestProtocolTask : IDecisionTask
{
    ITestProtocolTask? IDecisionTask.Protocol => this;

    /// <summary>The test sets in table order (the first is <see cref="TaskData.Test"/>).</summary>
    IReadOnlyList<(string Name, WindowedSplit Split)> TestSets { get; }

    /// <summary>
    /// The cell's regret from each set's per-window regrets f(y, â) − f(y, a*) and oracle costs f(y, a*) (in the order of
    /// <see cref="TestSets"/>, the evaluated windows only); the protocol's figures go to <paramref name="extra"/>.
    /// </summary>
    double Score(IReadOnlyList<(double[] Regrets, double[] OracleCosts)> sets, Dictionary<string, double> extra);
}
