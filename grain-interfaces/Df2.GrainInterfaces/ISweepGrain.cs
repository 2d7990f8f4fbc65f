using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>
/// One sweep (key = sweep id). Receives the expanded, validated cells, hands pending cells to workers,
/// tracks progress, answers status and tables, cancels. Parses nothing.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>
    /// Store the sweep (its cell list as a paged manifest, then its small state; a failed submit claims nothing and the
    /// same submit again completes it); cell grains are created as their cells are handed out. Re-submitting the same id
    /// changes nothing (Existing).
    /// </summary>
    Task<SubmitResult> SubmitAsync(string name, List<CellDescription> cells);

    /// <summary>Null when no sweep with this id was submitted.</summary>
    Task<SweepStatus?> StatusAsync();

    /// <summary>
    /// One page of the cells in submission order, filtered (see <see cref="CellQuery"/>); only that page's cell grains are
    /// asked, and only when refreshing or when the sweep holds no recent view of theirs. Every cell: <see cref="SweepGrainExtensions.AllCellsAsync"/>.
    /// </summary>
    Task<CellPage> CellsAsync(CellQuery query);

    /// <summary>The regret table's input, kept by the sweep as cells report (no cell grain is asked).</summary>
    Task<List<RegretGroup>> RegretGroupsAsync();

    Task<string> TableAsync(TableFormat format);

    /// <summary>
    /// Cancel every unfinished cell, recording <paramref name="by"/> (who asked) as each cell's reason; returns how many
    /// were cancelled, −1 for an unknown sweep. A sweep whose cells have all finished stays finished (0, not relabelled).
    /// </summary>
    Task<int> CancelAsync(string by);

    /// <summary>A pending cell for this worker (now Running with attempt + 1), or null when none is pending.</summary>
    Task<CellAssignment?> NextCellAsync(string worker, string device, string silo);

    /// <summary>A cell's state changed (sent by the cell grain, one way).</summary>
    [OneWay]
    Task CellChangedAsync(CellView view);
}
