namespace Df2.Silo.Core;

/// <summary>
/// How a silo (or a client) joins its cluster. With <see cref="StorageConnection"/> (an Azure Storage connection
/// string, "UseDevelopmentStorage=true" for Azurite) membership, grain state and reminders live in Azure Tables and
/// checkpoints in the blob container <see cref="CheckpointContainer"/>; without it the silo runs alone with localhost
/// clustering, grain state under <see cref="StateFolder"/> and checkpoints under <see cref="CheckpointFolder"/>.
/// </summary>
public sealed record ClusterSettings
{
    public string? StorageConnection { get; init; }

    public string ClusterId { get; init; } = "df2";

    public string ServiceId { get; init; } = "df2";

    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    /// <summary>Address other silos and clients reach this one at (Azure mode outside Kubernetes); default loopback.</summary>
    public string AdvertisedAddress { get; init; } = "127.0.0.1";

    public string StateFolder { get; init; } = "df2-state";

    public string CheckpointFolder { get; init; } = "df2-checkpoints";

    public string CheckpointContainer { get; init; } = "df2-checkpoints";

    /// <summary>One entry per device slot ("cpu", "cpu", or "cuda:0", "cuda:1"); each gets a worker grain on this silo.</summary>
    public IReadOnlyList<string> Devices { get; init; } = ["cpu"];

    /// <summary>"learning" (train; the only built-in executor; tests load "spin" and "probe" from tests/Df2.TestSupport, see CellExecutors.ByName); it runs in df2-worker children.</summary>
    public string Executor { get; init; } = "learning";

    /// <summary>
    /// A df2-worker child that sends nothing (no progress, checkpoint or result) for this long is killed and its unit
    /// retried. Generous: a 3D-Learning half reports only when it ends.
    /// </summary>
    public int WorkerStallSeconds { get; init; } = 7200;

    /// <summary>
    /// An idle worker slot that found no cell waits to be woken by the cluster index when one becomes ready; it looks anyway
    /// this often (the backstop: a lost one-way wake, an index grain restarted on another silo).
    /// </summary>
    public TimeSpan Backstop { get; init; } = TimeSpan.FromSeconds(10);

    public const int DefaultProbeTimeoutMs = 1000, DefaultMissedProbes = 2;

    /// <summary>Membership: a probe of another silo that takes longer is missed (docs/reliability.md, "Membership under load").</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(DefaultProbeTimeoutMs);

    /// <summary>Membership: this many missed probes in a row and the prober votes the other silo dead.</summary>
    public int MissedProbes { get; init; } = DefaultMissedProbes;

    /// <summary>Embedded runs: the workers take cells from this sweep only.</summary>
    public string? OnlySweep { get; init; }

    /// <summary>Mutual TLS between silos and for the gateway (<see cref="ClusterTls"/>); null: plain TCP.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary>Set on purpose to run a cluster (Azure mode) without TLS; a local silo needs neither (it binds loopback).</summary>
    public bool Insecure { get; init; }

    public bool UsesAzure => !string.IsNullOrEmpty(StorageConnection);

    /// <summary>
    /// A cluster end must have TLS or say --insecure: throws the one error naming the options; a cluster end that runs
    /// without TLS on purpose gets the warning on standard error, here and nowhere else.
    /// </summary>
    public ClusterSettings Checked(string who)
    {
        if (UsesAzure && Tls is null && !Insecure) throw new ArgumentException(ClusterTls.Required(who));
        if (UsesAzure && Tls is null) Console.Error.WriteLine($"{who}: {ClusterTls.InsecureWarning}");
        return this;
    }
}
