using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Df2.Silo.Core;

/// <summary>
/// df2-silo's settings, bound from Microsoft.Extensions.Configuration: environment variables with the prefix DF2_, then
/// the command line <c>df2-silo [--key value]... [--kubernetes] [--insecure]</c>, which wins (<see cref="Load"/>).
/// Each option's variable is DF2_ + its upper-case name with '-' → '_' (--gateway-port ↔ DF2_GATEWAY_PORT). Secrets
/// (the storage connection string, the token) are best given through the environment, so they stay out of process
/// listings. A bad value is one <see cref="ArgumentException"/> naming the option and its variable.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary>The options that take a value (<c>--key value</c> or <c>--key=value</c>).</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>
    {
        "storage", "state", "checkpoints", "devices", "silo-port", "gateway-port", "http-port", "advertise", "cluster-id",
        "executor", "token", "backstop-s", "http-host", "worker-stall-s", "tls-cert", "tls-key", "tls-ca", "probe-timeout-ms",
        "missed-probes",
    };

    /// <summary>The switches, true when given bare (<c>--insecure</c>) or as DF2_INSECURE=1 (or true).</summary>
    public static readonly IReadOnlySet<string> Switches = new HashSet<string> { "kubernetes", "insecure" };

    [ConfigurationKeyName("STORAGE")] public string? Storage { get; set; }
    [ConfigurationKeyName("STATE")] public string State { get; set; } = "df2-state";
    /// <summary>Default: <see cref="State"/>/checkpoints.</summary>
    [ConfigurationKeyName("CHECKPOINTS")] public string? Checkpoints { get; set; }
    [ConfigurationKeyName("DEVICES")] public string Devices { get; set; } = "cpu:1";
    [ConfigurationKeyName("SILO_PORT")] public int SiloPort { get; set; } = 11111;
    [ConfigurationKeyName("GATEWAY_PORT")] public int GatewayPort { get; set; } = 30000;
    [ConfigurationKeyName("HTTP_PORT")] public int HttpPort { get; set; } = 8080;
    /// <summary>Default: loopback for a local silo, every interface for a cluster silo (<see cref="HttpBindHost"/>).</summary>
    [ConfigurationKeyName("HTTP_HOST")] public string? HttpHost { get; set; }
    [ConfigurationKeyName("ADVERTISE")] public string Advertise { get; set; } = "127.0.0.1";
    [ConfigurationKeyName("CLUSTER_ID")] public string ClusterId { get; set; } = "df2";
    [ConfigurationKeyName("EXECUTOR")] public string Executor { get; set; } = "learning";
    /// <summary>The bearer token that cancelling over HTTP needs; none: cancelling over HTTP is off.</summary>
    [ConfigurationKeyName("TOKEN")] public string? Token { get; set; }
    /// <summary>Seconds between an idle worker slot's backstop looks for work (it is woken when a cell becomes ready); at least 1.</summary>
    [ConfigurationKeyName("BACKSTOP_S")] public int BackstopS { get; set; } = 10;
    [ConfigurationKeyName("WORKER_STALL_S")] public int WorkerStallS { get; set; } = 7200;
    /// <summary>Membership: how long a probe of another silo may take (docs/reliability.md, "Membership under load").</summary>
    [ConfigurationKeyName("PROBE_TIMEOUT_MS")] public int ProbeTimeoutMs { get; set; } = ClusterSettings.DefaultProbeTimeoutMs;
    /// <summary>Membership: missed probes in a row before a silo votes another dead.</summary>
    [ConfigurationKeyName("MISSED_PROBES")] public int MissedProbes { get; set; } = ClusterSettings.DefaultMissedProbes;
    [ConfigurationKeyName("TLS_CERT")] public string? TlsCert { get; set; }
    [ConfigurationKeyName("TLS_KEY")] public string? TlsKey { get; set; }
    [ConfigurationKeyName("TLS_CA")] public string? TlsCa { get; set; }
    /// <summary><c>--kubernetes</c> (env DF2_KUBERNETES=1): Kubernetes hosting (the pod's name and address).</summary>
    [ConfigurationKeyName("KUBERNETES")] public bool Kubernetes { get; set; }
    /// <summary><c>--insecure</c> (env DF2_INSECURE=1): a cluster silo without mutual TLS, on purpose.</summary>
    [ConfigurationKeyName("INSECURE")] public bool Insecure { get; set; }

    public static string EnvName(string key) => "DF2_" + ConfigKey(key);

    /// <summary>The configuration key of an option: its variable without the prefix (gateway-port → GATEWAY_PORT).</summary>
    public static string ConfigKey(string key) => key.ToUpperInvariant().Replace('-', '_');

    /// <summary>"--gateway-port (env DF2_GATEWAY_PORT)": how an error names an option.</summary>
    public static string Describe(string key) => $"--{key} (env {EnvName(key)})";

    /// <summary>The options from the DF2_ environment and <paramref name="args"/> (which win), validated.</summary>
    public static SiloHostOptions Load(string[] args)
    {
        var raw = new ConfigurationBuilder()
            .AddEnvironmentVariables("DF2_")
            .AddCommandLine(CommandLine(args), Known.Concat(Switches).ToDictionary(k => "--" + k, ConfigKey))
            .Build();
        // The binder reads "true"/"false" only and fails on a bad number without naming the option: normalise the
        // switches (DF2_INSECURE=1 is documented) and check the numbers first, so every bad value is one clear error.
        var normalised = new Dictionary<string, string?>();
        foreach (var key in Switches)
            normalised[ConfigKey(key)] = Switch(key, raw[ConfigKey(key)]) ? "true" : "false";
        foreach (var key in IntegerKeys)
            if (raw[ConfigKey(key)] is { } v && !int.TryParse(v, out _)) throw new ArgumentException(NotANonNegativeInteger(key, v));
        var configuration = new ConfigurationBuilder().AddConfiguration(raw).AddInMemoryCollection(normalised).Build();
        var options = configuration.Get<SiloHostOptions>() ?? new SiloHostOptions();
        var result = new Validator().Validate(Options.DefaultName, options);
        if (result.Failed) throw new ArgumentException(result.FailureMessage);
        return options;
    }

    /// <summary>The cluster this silo joins; throws <see cref="ArgumentException"/> for bad devices, TLS files that do not load, or a cluster with neither TLS nor --insecure.</summary>
    public ClusterSettings Settings() => new ClusterSettings
    {
        StorageConnection = Storage,
        StateFolder = State,
        CheckpointFolder = Checkpoints ?? Path.Combine(State, "checkpoints"),
        Devices = DeviceSlots.Parse(Devices),
        SiloPort = SiloPort,
        GatewayPort = GatewayPort,
        AdvertisedAddress = Advertise,
        ClusterId = ClusterId,
        Executor = Executor,
        Backstop = TimeSpan.FromSeconds(Math.Max(1, BackstopS)),
        WorkerStallSeconds = WorkerStallS,
        ProbeTimeout = TimeSpan.FromMilliseconds(ProbeTimeoutMs),
        MissedProbes = MissedProbes,
        Tls = ClusterTls.FromOptions(key => key switch { "tls-cert" => TlsCert, "tls-key" => TlsKey, "tls-ca" => TlsCa, _ => null }),
        Insecure = Insecure,
    }.Checked("df2-silo");

    /// <summary>The address HTTP binds: --http-host, else loopback for a local silo and every interface for a cluster silo (a pod's address).</summary>
    public string HttpBindHost(ClusterSettings settings) => HttpHost ?? (settings.UsesAzure ? "0.0.0.0" : "127.0.0.1");

    private static readonly string[] IntegerKeys = ["silo-port", "gateway-port", "http-port", "backstop-s", "worker-stall-s", "probe-timeout-ms", "missed-probes"];

    private static string NotANonNegativeInteger(string key, string value) => $"{Describe(key)} must be a non-negative integer, got '{value}'";

    private static bool Switch(string key, string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "0" or "false" => false,
        "1" or "true" => true,
        _ => throw new ArgumentException($"{Describe(key)} must be 1 or true (0, false or nothing to leave it off), got '{value}'"),
    };

    /// <summary>
    /// The command line in the form AddCommandLine reads: every option checked to be known, a bare switch given the
    /// value true, and every value attached (<c>--key=value</c>), so a value that starts with '-' stays a value.
    /// </summary>
    private static string[] CommandLine(string[] args)
    {
        var list = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            var name = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : null;
            var equals = name?.IndexOf('=') ?? -1;
            if (name != null && Switches.Contains(name)) list.Add($"--{name}=true");
            else if (name != null && equals > 0 && (Known.Contains(name[..equals]) || Switches.Contains(name[..equals]))) list.Add(a);
            else if (name != null && Known.Contains(name))
            {
                if (i + 1 >= args.Length) throw new ArgumentException($"option '{a}' needs a value");
                list.Add($"--{name}={args[++i]}");
            }
            else throw new ArgumentException($"unknown option '{a}' (known: {string.Join(", ", Known.Select(k => "--" + k))}, --kubernetes, --insecure)");
        }
        return [.. list];
    }

    /// <summary>The checks of the bound options (the numbers are non-negative; a probe takes at least 100 ms and one probe may be missed at least).</summary>
    private sealed class Validator : IValidateOptions<SiloHostOptions>
    {
        public ValidateOptionsResult Validate(string? name, SiloHostOptions o)
        {
            var failures = new List<string>();
            foreach (var (key, value) in new[] { ("silo-port", o.SiloPort), ("gateway-port", o.GatewayPort), ("http-port", o.HttpPort), ("backstop-s", o.BackstopS), ("worker-stall-s", o.WorkerStallS) })
                if (value < 0) failures.Add(NotANonNegativeInteger(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (o.ProbeTimeoutMs < 100) failures.Add($"{Describe("probe-timeout-ms")} must be at least 100, got {o.ProbeTimeoutMs}");
            if (o.MissedProbes < 1) failures.Add($"{Describe("missed-probes")} must be at least 1, got {o.MissedProbes}");
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
