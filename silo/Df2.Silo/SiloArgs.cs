namespace Df2.Silo.Host;

/// <summary>
/// Command line of <c>df2-silo ROLE [--key value]...</c>; every option can also come from an
/// environment variable (DF2_ + upper-case key with '-' → '_', e.g. --lease-seconds ↔ DF2_LEASE_SECONDS).
/// </summary>
public sealed class SiloArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Role { get; }

    public SiloArgs(string[] args, IReadOnlySet<string> known)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
            throw new ArgumentException("usage: df2-silo api|worker [--option value]...");
        Role = args[0];
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || !known.Contains(a[2..]))
                throw new ArgumentException($"unknown option '{a}' for role {Role} (known: {string.Join(", ", known.Select(k => "--" + k))})");
            if (i + 1 >= args.Length) throw new ArgumentException($"option '{a}' needs a value");
            _values[a[2..]] = args[++i];
        }
    }

    public string? Get(string key) =>
        _values.TryGetValue(key, out var v) ? v : Environment.GetEnvironmentVariable("DF2_" + key.ToUpperInvariant().Replace('-', '_'));

    public string Require(string key) => Get(key) ?? throw new ArgumentException($"--{key} (or env DF2_{key.ToUpperInvariant().Replace('-', '_')}) is required");

    public int Int(string key, int fallback)
    {
        var v = Get(key);
        if (v is null) return fallback;
        return int.TryParse(v, out var n) && n > 0 ? n : throw new ArgumentException($"--{key} must be a positive integer, got '{v}'");
    }
}
