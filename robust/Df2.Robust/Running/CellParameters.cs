using System.Globalization;

namespace Df2.Robust.Running;

/// <summary>
/// Typed access to a cell's string parameters with defaults; every key read is recorded so that
/// <see cref="RejectUnknown"/> can name a key no method or task knows.
/// </summary>
public sealed class CellParameters(IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public int Int(string key, int fallback, int min = 0)
    {
        known.Add(key);
        if (!values.TryGetValue(key, out var s)) return fallback;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
            throw new ArgumentException($"parameter '{key}' = '{s}' must be an integer ≥ {min}");
        return v;
    }

    public double Double(string key, double fallback, double min = double.NegativeInfinity)
    {
        known.Add(key);
        if (!values.TryGetValue(key, out var s)) return fallback;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < min)
            throw new ArgumentException($"parameter '{key}' = '{s}' must be a number ≥ {min}");
        return v;
    }

    public string String(string key, string fallback)
    {
        known.Add(key);
        return values.TryGetValue(key, out var s) ? s : fallback;
    }

    public void RejectUnknown(string method)
    {
        foreach (var key in values.Keys)
            if (!known.Contains(key))
                throw new ArgumentException($"parameter '{key}' is not known to task llm-provisioning / method {method} (known: {string.Join(", ", known.Order())})");
    }
}
