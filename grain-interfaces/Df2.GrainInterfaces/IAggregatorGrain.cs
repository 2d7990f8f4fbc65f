namespace Df2.GrainInterfaces;

/// <summary>
/// Per task × method × variant: n, mean, std, SE, 95 % t-CI, % vs the best baseline, paired t-test vs DF2,
/// rendered as Markdown, CSV or LaTeX in the paper's layout. Stateless.
/// </summary>
public interface IAggregatorGrain : IGrainWithIntegerKey
{
    Task<string> RenderAsync(List<RegretGroup> groups, TableFormat format);
}
