using System.Globalization;

namespace Df2.Robust.Tasks.LlmProvisioning;

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
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() ?? throw new InvalidDataException($"{path}: the file is empty (no header)");
        var columns = header.Split(',').Select(c => c.Trim()).ToArray();
        var column = Array.IndexOf(columns, "ContextTokens");
        if (column < 0) throw new InvalidDataException($"{path}: no ContextTokens column in header '{header}'");
        var values = new List<double>();
        var row = -1;
        while (reader.ReadLine() is { } line && values.Count < maxRows)
        {
            row++;
            if (row < skipRows) continue;
            var fields = line.Split(',');
            if (fields.Length <= column)
                throw new InvalidDataException($"{path} row {row + 2} (data row {row}): {fields.Length} fields, ContextTokens is column {column + 1}");
            if (!double.TryParse(fields[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
                throw new InvalidDataException($"{path} row {row + 2} (data row {row}): ContextTokens '{fields[column]}' is not a non-negative number");
            values.Add(v);
        }
        if (values.Count == 0) throw new InvalidDataException($"{path}: no data rows from row {skipRows}");
        return values.ToArray();
    }
}
