using Orleans.Concurrency;

namespace Df2.GrainInterfaces;

/// <summary>
/// One sweep (key = sweep id). Receives the expanded, validated cells, hands pending cells to workers,
/// tracks progress, answers status and tables, cancels. Parses nothing.
/// </summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Store the sweep and create every cell; re-submitting the same id changes nothing (Existing).</summary>
    Task<SubmitResult> SubmitAsync(string name, List<CellDescription> cells);

    /// <summary>Null when no sweep with this id was submitted.</summary>
    Task<SweepStatus?> StatusAsync();

    /// <summary>Every cell in submission order; <paramref name="refresh"/> asks each cell grain, otherwise the last views the cells reported.</summary>
    Task<List<CellView>> CellsAsync(bool refresh);

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
