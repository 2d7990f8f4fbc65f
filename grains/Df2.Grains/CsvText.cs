namespace Df2.Grains;

/// <summary>RFC 4180 quoting: fields with a comma, quote or newline are wrapped in quotes, inner quotes doubled.</summary>
public static class CsvText
{
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{s.Replace("\"", "\"\"")}\"" : s;
}
