namespace Df2.GrainInterfaces;

/// <summary>A page of cells: <see cref="Matching"/> cells pass the query's filter, <see cref="Cells"/> are those of this page.</summary>
[GenerateSerializer, Alias("df2.CellPage"), Immutable]
public sealed record CellPage(int Page, int Size, int Matching, List<CellView> Cells)
{
    public int Pages => Size == 0 ? 0 : (Matching + Size - 1) / Size;
}
