using nietras.SeparatedValues;

namespace Df2.Learning.Data.RealWorld;

/// <summary>
/// Opens a comma-separated data file with Sep (RFC 4180 quotes unescaped, UTF-8 BOM skipped). The first row is
/// returned as an ordinary row and the column count is not checked, so every reader validates the header and each
/// row itself and fails with its own message naming the file, the row (<see cref="Row"/>) and the column.
/// </summary>
public static class CsvFile
{
    public static SepReader Open(string path) =>
        Sep.New(',').Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Unescape = true }).FromFile(path);

    /// <summary>1-based row number of a row (the header is row 1), as the readers' messages count rows.</summary>
    public static int Row(in SepReader.Row row) => row.RowIndex + 1;

    /// <summary>All cells of a row as strings (for a header or an error message; data cells are parsed from their spans).</summary>
    public static string[] Cells(in SepReader.Row row) => row[0..row.ColCount].ToStringsArray();
}
