namespace Df2.Learning.Tasks;

/// <summary>
/// A cell parameter that is unknown, malformed or out of range: <see cref="Key"/> (also <see cref="ArgumentException.ParamName"/>)
/// is its key, so a caller (the sweep validator) points at the spec line of that key without reading the message.
/// </summary>
public sealed class ParameterException : ArgumentException
{
    private readonly string _message;

    public ParameterException(string key, string message) : base(message, key) => _message = message;

    public string Key => ParamName!;

    /// <summary>The message alone (no "(Parameter 'key')" suffix: the message already names the key).</summary>
    public override string Message => _message;
}
