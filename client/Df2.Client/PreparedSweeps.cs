using Df2.GrainInterfaces;
using Df2.Specs;

namespace Df2.Client;

public static class PreparedSweeps
{
    /// <summary>A prepared sweep's cells as they travel to the sweep grain.</summary>
    public static List<CellDescription> Descriptions(this PreparedSweep sweep) =>
        [.. sweep.Cells.Select(c => new CellDescription(c.Key, c.Task, c.Method, c.Variant, new Dictionary<string, string>(c.Parameters), c.Seed, c.DataSeed,
            c.DependsOn.Count == 0 ? null : [.. c.DependsOn], c.Halves))];
}
