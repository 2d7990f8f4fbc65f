namespace Df2.GrainInterfaces;

/// <summary>
/// One page of a sweep's cells in submission order (<see cref="Page"/> from 0, <see cref="Size"/> cells, at most
/// <see cref="MaxSize"/>), optionally only those with <see cref="Status"/>, <see cref="Task"/> and/or <see cref="Method"/>.
/// <see cref="Refresh"/> asks the page's cell grains for their current views instead of the last ones they reported.
/// </summary>
[GenerateSerializer, Alias("df2.CellQuery"), Immutable]
public sealed record CellQuery(int Page = 0, int Size = CellQuery.DefaultSize, CellStatus? Status = null, string? Task = null,
    string? Method = null, bool Refresh = false)
{
    public const int DefaultSize = 1000;

    public const int MaxSize = 5000;
}
