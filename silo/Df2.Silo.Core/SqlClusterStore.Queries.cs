using System.Data.Common;
using System.Text.Json;
using Df2.GrainInterfaces;
using Df2.Silo;

namespace Df2.Silo.Stores;

public sealed partial class SqlClusterStore
{
    private const string CellColumns = """
        id, sweep_id, cell_key, task, method, variant, seed, data_seed, state, attempt, retries, worker, device,
        epoch, total_epochs, loss, epoch_seconds, reason, result, checkpoint_epoch, checkpoint_location, started_ms, finished_ms
        """;

    private static CellView ReadCell(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetInt32(7),
        r.GetString(8), r.GetInt32(9), r.GetInt32(10), r.Str(11), r.Str(12), r.Int(13), r.Int(14), r.Dbl(15), r.Dbl(16), r.Str(17),
        r.Str(18) is { } json ? JsonSerializer.Deserialize<CellResult>(json, ApiClient.Json) : null, r.Int(19), r.Str(20),
        SqlHelpers.Time(r.Long(21)), SqlHelpers.Time(r.Long(22)));

    /// <summary>Cells of one sweep (or of all sweeps) in spec order, optionally filtered by state.</summary>
    public IReadOnlyList<CellView> Cells(string? sweepId = null, string? state = null) => Read(c =>
    {
        using var cmd = c.Cmd(null, $"""
            SELECT {CellColumns} FROM cells
            WHERE (@s IS NULL OR sweep_id = @s) AND (@st IS NULL OR state = @st) ORDER BY sweep_id, ord
            """, ("@s", sweepId), ("@st", state));
        if (_d.Name == "postgres") foreach (DbParameter p in cmd.Parameters) p.DbType = System.Data.DbType.String;
        using var r = cmd.ExecuteReader();
        var list = new List<CellView>();
        while (r.Read()) list.Add(ReadCell(r));
        return list;
    });

    public IReadOnlyList<SweepStatus> Sweeps() => Read(c =>
    {
        var counts = new Dictionary<string, Dictionary<string, int>>();
        using (var cmd = c.Cmd(null, "SELECT sweep_id, state, COUNT(*) FROM cells GROUP BY sweep_id, state"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                if (!counts.TryGetValue(r.GetString(0), out var d)) counts[r.GetString(0)] = d = [];
                d[r.GetString(1)] = Convert.ToInt32(r.GetValue(2));
            }
        var list = new List<SweepStatus>();
        using (var cmd = c.Cmd(null, "SELECT id, name, state, created_ms FROM sweeps ORDER BY created_ms, id"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var d = counts.GetValueOrDefault(r.GetString(0)) ?? [];
                var state = r.GetString(2);
                if (state == "active" && d.Keys.All(k => k is "done" or "failed" or "cancelled")) state = "finished";
                list.Add(new SweepStatus(r.GetString(0), r.GetString(1), state, d.Values.Sum(), d,
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(3)))));
            }
        return list;
    });

    public IReadOnlyList<WorkerView> Workers() => Read(c =>
    {
        using var cmd = c.Cmd(null, "SELECT name, device, last_seen_ms, cell_id, completed FROM workers ORDER BY name");
        using var r = cmd.ExecuteReader();
        var list = new List<WorkerView>();
        while (r.Read())
            list.Add(new WorkerView(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(2))),
                r.Long(3), Convert.ToInt32(r.GetValue(4))));
        return list;
    });

    /// <summary>Accepted completions per cell key of a sweep (exactly-once audit: every value should be 1).</summary>
    public IReadOnlyDictionary<string, int> CompletionCounts(string sweepId) => Read(c =>
    {
        using var cmd = c.Cmd(null, """
            SELECT c.cell_key, COUNT(x.cell_id) FROM cells c LEFT JOIN completions x ON x.cell_id = c.id
            WHERE c.sweep_id = @s GROUP BY c.cell_key
            """, ("@s", sweepId));
        using var r = cmd.ExecuteReader();
        var d = new Dictionary<string, int>();
        while (r.Read()) d[r.GetString(0)] = Convert.ToInt32(r.GetValue(1));
        return (IReadOnlyDictionary<string, int>)d;
    });

    public string? SweepSpecText(string sweepId) => Read(c => c.Scalar(null, "SELECT spec FROM sweeps WHERE id = @s", ("@s", sweepId)) as string);

    /// <summary>Readiness: the store answers a trivial query.</summary>
    public bool Ping() => Read(c => c.Scalar(null, "SELECT 1") is not null);
}
