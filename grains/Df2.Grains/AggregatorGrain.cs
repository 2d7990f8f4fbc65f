using Df2.GrainInterfaces;
using Orleans.Concurrency;

namespace Df2.Grains;

/// <summary>Serves <see cref="RegretTable"/> to the cluster; stateless, so any silo may run one.</summary>
[StatelessWorker]
public sealed class AggregatorGrain : Grain, IAggregatorGrain
{
    public Task<string> RenderAsync(List<RegretGroup> groups, TableFormat format) => Task.FromResult(RegretTable.Render(groups, format));
}
