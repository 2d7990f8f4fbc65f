namespace Df2.GrainInterfaces;

/// <summary>
/// Life of a cell: Pending → Leased(worker, until) → Running(epoch) → Done | Failed.
/// An expired lease returns the cell to Pending (bounded retries); Cancelled when its sweep is cancelled.
/// </summary>
public enum CellState { Pending, Leased, Running, Done, Failed, Cancelled }

public static class CellStates
{
    public static string ToWire(this CellState s) => s.ToString().ToLowerInvariant();

    public static CellState Parse(string s) => Enum.Parse<CellState>(s, ignoreCase: true);
}
