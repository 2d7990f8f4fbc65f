using System.Globalization;
using nietras.SeparatedValues;

namespace Df2.Grains;

/// <summary>
/// Writes a CSV table with Sep: comma-separated, RFC 4180 quoting (a field with a comma, quote or line break is
/// quoted, inner quotes doubled), invariant culture, '\n' line ends on every platform, the header even when there are
/// no rows.
/// </summary>
public static class CsvTable
{
    public static string Write(IReadOnlyList<string> header, Action<SepWriter> writeRows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text, leaveOpen: true))
        {
            writer.Header.Add(header);
            writer.Header.Write();
            writeRows(writer);
        }
        return text.ToString();
    }

    /// <summary>A number as "R" (round-trip) in the invariant culture, or empty.</summary>
    public static string Number(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
