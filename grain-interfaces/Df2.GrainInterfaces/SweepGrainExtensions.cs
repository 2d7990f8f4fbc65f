namespace Df2.GrainInterfaces;

/// <summary>Callers that need every cell (final outputs, results.csv) read them page by page.</summary>
public static class SweepGrainExtensions
{
    public static async Task<List<CellView>> AllCellsAsync(this ISweepGrain sweep, bool refresh, CellStatus? status = null)
    {
        var all = new List<CellView>();
        for (var page = 0; ; page++)
        {
            var p = await sweep.CellsAsync(new CellQuery(page, CellQuery.DefaultSize, status, Refresh: refresh));
            all.AddRange(p.Cells);
            if (page + 1 >= p.Pages) return all;
        }
    }
}
