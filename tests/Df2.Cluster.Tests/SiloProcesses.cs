using Df2.Silo.Core;

namespace Df2.Cluster.Tests;

/// <summary>Starts df2-silo processes on loopback (free ports) and the df2 client against them.</summary>
public static class SiloProcesses
{
    public const string Token = "test-token-123";

    /// <summary>How the tests read the silos' JSON (web defaults; NaN and ∞ as named literals).</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A localhost silo keeping its grain state and checkpoints under <paramref name="stateDir"/>.</summary>
    public static SiloProcess StartLocal(string stateDir, string executor, string devices = "cpu:2", int? gatewayPort = null, int? siloPort = null) =>
        Start(new() { ["DF2_STORAGE"] = "", ["DF2_TOKEN"] = Token, ["DF2_STATE"] = stateDir }, executor, devices, "df2", gatewayPort, siloPort);

    /// <summary>
    /// A silo of cluster <paramref name="clusterId"/> over Azurite (membership, state, reminders in tables; checkpoints in
    /// blobs), with mutual TLS between the silos and for the gateway (<see cref="TestCertificates.Cluster"/>).
    /// </summary>
    public static SiloProcess StartAzure(string clusterId, string executor, string devices = "cpu:2") =>
        Start(new(TestCertificates.Cluster.Env()) { ["DF2_STORAGE"] = AzuriteFactAttribute.Connection, ["DF2_TOKEN"] = Token }, executor, devices, clusterId, null, null);

    /// <summary>A localhost silo with mutual TLS from <paramref name="tls"/>.</summary>
    public static SiloProcess StartLocalTls(string stateDir, TestCertificates.Files tls) =>
        Start(new(tls.Env()) { ["DF2_STORAGE"] = "", ["DF2_TOKEN"] = Token, ["DF2_STATE"] = stateDir }, "spin", "cpu:1", "df2", null, null);

    /// <summary><paramref name="count"/> silos of cluster <paramref name="clusterId"/> started side by side (each waited for until ready).</summary>
    public static List<SiloProcess> StartAzure(string clusterId, int count, string executor, string devices = "cpu:2")
    {
        var starts = Enumerable.Range(0, count).Select(_ => Task.Run(() => StartAzure(clusterId, executor, devices))).ToArray();
        try
        {
            Task.WaitAll(starts);
        }
        catch (AggregateException)
        {
            foreach (var t in starts.Where(t => t.IsCompletedSuccessfully)) t.Result.Dispose();
            throw;
        }
        return starts.Select(t => t.Result).ToList();
    }

    private static SiloProcess Start(Dictionary<string, string> env, string executor, string devices, string clusterId, int? gatewayPort, int? siloPort) =>
        SiloLauncher.Start(env, executor, devices, clusterId, gatewayPort, siloPort);

    /// <summary>Run the df2 client to completion: (exit code, stdout + stderr).</summary>
    public static (int Code, string Out) Cli(Dictionary<string, string>? env, params string[] args)
    {
        using var p = new ChildProcess(Paths.ClientDll, env, args);
        var code = p.WaitForExit(TimeSpan.FromMinutes(4));
        return (code, p.Output);
    }

    public static Dictionary<string, string> LocalClient(SiloProcess s) => new() { ["DF2_STORAGE"] = "", ["DF2_GATEWAY_PORT"] = s.GatewayPort.ToString() };

    /// <summary>The client of an Azure test cluster: its storage, cluster id and the cluster's TLS certificates.</summary>
    public static Dictionary<string, string> AzureClient(string clusterId) =>
        new(TestCertificates.Cluster.Env()) { ["DF2_STORAGE"] = AzuriteFactAttribute.Connection, ["DF2_CLUSTER_ID"] = clusterId };
}
