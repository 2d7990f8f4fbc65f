using Df2.GrainInterfaces;
using Df2.Silo;

namespace Df2.Cluster.Tests;

/// <summary>Shared helpers of the process-level tests: a store location per kind, waiting for a sweep, audit logging.</summary>
public static class ClusterHarness
{
    public static (string Store, IDisposable? Db) NewStore(string kind, string dir)
    {
        if (kind == "sqlite") return (Path.Combine(dir, "silo.db"), null);
        var db = new PgDatabase();
        return (db.Dsn, db);
    }

    public static async Task<IReadOnlyList<CellView>> WaitForSweep(ApiClient api, string sweepId, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var cells = await api.CellsAsync(sweepId);
                if (cells.Count > 0 && cells.All(c => c.State is "done" or "failed" or "cancelled")) return cells;
            }
            catch (HttpRequestException) { /* API restarting */ }
            await Task.Delay(200);
        }
        throw new TimeoutException($"sweep {sweepId} did not finish in {timeout}\n{diagnostics?.Invoke()}");
    }

    /// <summary>Append one audit line (kills tried, cells lost, duplicates) to $DF2_RELIABILITY_LOG when set; docs/reliability.md quotes it.</summary>
    public static void Audit(string line)
    {
        if (Environment.GetEnvironmentVariable("DF2_RELIABILITY_LOG") is { Length: > 0 } path)
            File.AppendAllText(path, $"{DateTime.UtcNow:O} {line}\n");
    }
}
