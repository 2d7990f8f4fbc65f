using System.Globalization;
using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// Reads the ContextTokens column of one 5-s trace file (3D-Learning's <c>Data/</c> files, see
/// the data folder's SOURCE.md). Bad input fails with one error naming the file and the row.
/// </summary>
public static class LlmCsvReader
{
    /// <summary>
    /// ContextTokens of data rows <paramref name="skipRows"/> .. skipRows + maxRows − 1 (0-based,
    /// header excluded), fewer when the file ends first.
    /// </summary>
    public static double[] ReadContextTokens(string path, int skipRows, int maxRows)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"LLM provisioning data file not found: {path}", path);
        using var reader = CsvFile.Open(path);
        int column = -1;
        var values = new List<double>();
        foreach (var fields in reader)
        {
            if (fields.RowIndex == 0)
            {
                var header = fields.Span.ToString();
                column = Array.IndexOf(CsvFile.Cells(fields).Select(c => c.Trim()).ToArray(), "ContextTokens");
                if (column < 0) throw new InvalidDataException($"{path}: no ContextTokens column in header '{header}'");
                continue;
            }
            if (values.Count >= maxRows) break;
            var row = fields.RowIndex - 1;   // data row, 0-based
            if (row < skipRows) continue;
            if (fields.ColCount <= column)
                throw new InvalidDataException($"{path} row {row + 2} (data row {row}): {fields.ColCount} fields, ContextTokens is column {column + 1}");
            if (!double.TryParse(fields[column].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
                throw new InvalidDataException($"{path} row {row + 2} (data row {row}): ContextTokens '{fields[column].ToString()}' is not a non-negative number");
            values.Add(v);
        }
        if (column < 0) throw new InvalidDataException($"{path}: the file is empty (no header)");
        if (values.Count == 0) throw new InvalidDataException($"{path}: no data rows from row {skipRows}");
        return values.ToArray();
    }
}
