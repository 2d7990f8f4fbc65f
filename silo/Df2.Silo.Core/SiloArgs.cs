namespace Df2.Silo;

/// <summary>
/// Command line of <c>df2-silo [--key value]... [--kubernetes]</c>; every option can also come from an environment
/// variable (DF2_ + upper-case key with '-' → '_', e.g. --gateway-port ↔ DF2_GATEWAY_PORT). Secrets (the storage
/// connection string, the token) are best given through the environment, so they stay out of process listings.
/// </summary>
public sealed class SiloArgs
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>
    {
        "storage", "state", "checkpoints", "devices", "silo-port", "gateway-port", "http-port", "advertise", "cluster-id",
        "executor", "token", "poll-ms", "http-host", "worker-stall-s", "tls-cert", "tls-key", "tls-ca",
    };

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public bool Kubernetes { get; }

    /// <summary><c>--insecure</c> (env DF2_INSECURE=1): a cluster silo without mutual TLS, on purpose.</summary>
    public bool Insecure { get; }

    public SiloArgs(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--kubernetes") { Kubernetes = true; continue; }
            if (a == "--insecure") { Insecure = true; continue; }
            if (!a.StartsWith("--", StringComparison.Ordinal) || !Known.Contains(a[2..]))
                throw new ArgumentException($"unknown option '{a}' (known: {string.Join(", ", Known.Select(k => "--" + k))}, --kubernetes, --insecure)");
            if (i + 1 >= args.Length) throw new ArgumentException($"option '{a}' needs a value");
            _values[a[2..]] = args[++i];
        }
        Kubernetes |= Environment.GetEnvironmentVariable("DF2_KUBERNETES") == "1";
        Insecure |= Environment.GetEnvironmentVariable("DF2_INSECURE") == "1";
    }

    public static string EnvName(string key) => "DF2_" + key.ToUpperInvariant().Replace('-', '_');

    public string? Get(string key) => _values.TryGetValue(key, out var v) ? v : Environment.GetEnvironmentVariable(EnvName(key));

    public int Int(string key, int fallback)
    {
        var v = Get(key);
        if (v is null) return fallback;
        return int.TryParse(v, out var n) && n >= 0 ? n : throw new ArgumentException($"--{key} must be a non-negative integer, got '{v}'");
    }

    public ClusterSettings Settings() => new ClusterSettings
    {
        StorageConnection = Get("storage"),
        StateFolder = Get("state") ?? "df2-state",
        CheckpointFolder = Get("checkpoints") ?? Path.Combine(Get("state") ?? "df2-state", "checkpoints"),
        Devices = DeviceSlots.Parse(Get("devices") ?? "cpu:1"),
        SiloPort = Int("silo-port", 11111),
        GatewayPort = Int("gateway-port", 30000),
        AdvertisedAddress = Get("advertise") ?? "127.0.0.1",
        ClusterId = Get("cluster-id") ?? "df2",
        Executor = Get("executor") ?? "learning",
        PollMilliseconds = Int("poll-ms", 250),
        WorkerStallSeconds = Int("worker-stall-s", 7200),
        Tls = ClusterTls.FromOptions(Get),
        Insecure = Insecure,
    }.Checked("df2-silo");
}
