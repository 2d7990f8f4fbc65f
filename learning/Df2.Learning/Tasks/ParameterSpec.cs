using System.Globalization;

namespace Df2.Learning.Tasks;

/// <summary>
/// A named, typed, bounded parameter a task or method accepts from <c>CellRequest.Parameters</c>.
/// Values are parsed with the invariant culture; a bad value throws naming the key and the value.
/// </summary>
public sealed record ParameterSpec(string Key, bool IsInteger, double Default, double Min, double Max, string Description)
{
    public static ParameterSpec Int(string key, int def, int min, int max, string description) =>
        new(key, true, def, min, max, description);

    public static ParameterSpec Real(string key, double def, double min, double max, string description) =>
        new(key, false, def, min, max, description);

    /// <summary>The value for this key from the parameters, or the default; validated.</summary>
    public double Read(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue(Key, out var raw)) return Default;
        double value;
        if (IsInteger)
        {
            if (!long.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
                throw new ParameterException(Key, $"parameter '{Key}' = '{raw}' is not an integer");
            value = l;
        }
        else if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
            throw new ParameterException(Key, $"parameter '{Key}' = '{raw}' is not a finite number");
        if (value < Min || value > Max)
            throw new ParameterException(Key, $"parameter '{Key}' = '{raw}' is out of range [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]");
        return value;
    }

    public int ReadInt(IReadOnlyDictionary<string, string> parameters) => checked((int)Read(parameters));
}
