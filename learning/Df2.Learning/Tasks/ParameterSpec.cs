using System.Globalization;

namespace Df2.Learning.Tasks;

/// <summary>What kind of value a <see cref="ParameterSpec"/> holds.</summary>
public enum ParameterKind { Integer, Real, Text }

/// <summary>
/// A named, typed parameter a task or method accepts from <c>CellRequest.Parameters</c>: an integer or a real with its
/// default and range, or a text with its default and (when the set is fixed) its allowed values. Numbers are parsed with
/// the invariant culture; a bad value throws a <see cref="ParameterException"/> naming the key and the value. Every spec
/// belongs to one settings record (<see cref="ISettingsRecord{TSelf}"/>), which reads it.
/// </summary>
public sealed record ParameterSpec(string Key, ParameterKind Kind, double Default, double Min, double Max, string Description)
{
    /// <summary>A text parameter's default ("" = not given).</summary>
    public string TextDefault { get; init; } = "";

    /// <summary>A text parameter's allowed values (null: free text).</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    public bool IsInteger => Kind == ParameterKind.Integer;

    public static ParameterSpec Int(string key, int def, int min, int max, string description) =>
        new(key, ParameterKind.Integer, def, min, max, description);

    public static ParameterSpec Real(string key, double def, double min, double max, string description) =>
        new(key, ParameterKind.Real, def, min, max, description);

    public static ParameterSpec Text(string key, string def, string[]? allowed, string description) =>
        new(key, ParameterKind.Text, double.NaN, 0, 0, description) { TextDefault = def, Allowed = allowed };

    /// <summary>The numeric value for this key from the parameters, or the default; validated.</summary>
    public double Read(IReadOnlyDictionary<string, string> parameters)
    {
        if (Kind == ParameterKind.Text) throw new InvalidOperationException($"parameter '{Key}' is text, not a number");
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

    /// <summary>The text value for this key from the parameters, or the default; one of <see cref="Allowed"/> when the set is fixed.</summary>
    public string ReadText(IReadOnlyDictionary<string, string> parameters)
    {
        if (Kind != ParameterKind.Text) throw new InvalidOperationException($"parameter '{Key}' is a number, not text");
        var value = parameters.TryGetValue(Key, out var given) ? given : TextDefault;
        if (Allowed is not null && !Allowed.Contains(value))
            throw new ParameterException(Key, $"parameter '{Key}' = '{value}': expected {string.Join(" or ", Allowed.Select(a => $"'{a}'"))}");
        return value;
    }

    /// <summary>Validates the value (or the default) of this key.</summary>
    public void Check(IReadOnlyDictionary<string, string> parameters)
    {
        if (Kind == ParameterKind.Text) ReadText(parameters);
        else Read(parameters);
    }
}
