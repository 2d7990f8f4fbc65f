using System.Data.Common;
using System.Text.Json;
using Df2.GrainInterfaces;

namespace Df2.Silo.Stores;

/// <summary>
/// The store behind the API role (the only writer): sweeps, cells and their leases, checkpoints and
/// results. Leases: a pending cell is taken with attempt+1 and a deadline; heartbeats move the
/// deadline; an expired lease returns the cell to pending (retries+1) or, past max retries, to failed
/// with the reason. Every worker call quotes (cell, attempt); completion is idempotent on that key.
/// </summary>
public sealed partial class SqlClusterStore : IDisposable
{
    private readonly ISqlDialect _d;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CheckpointPlacement _checkpoints;

    public SqlClusterStore(ISqlDialect dialect, CheckpointPlacement? checkpoints = null)
    {
        _d = dialect;
        _checkpoints = checkpoints ?? new CheckpointPlacement(null);
        using var c = _d.Open();
        StoreSchema.Migrate(_d, c);
    }

    public string Kind => _d.Name;

    /// <summary>Open a store from "sqlite:PATH", a bare path, or a PostgreSQL DSN ("Host=...").</summary>
    public static SqlClusterStore Open(string store, string? checkpointDir = null)
    {
        var placement = new CheckpointPlacement(checkpointDir);
        if (store.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
            return new SqlClusterStore(new PostgresDialect(store.StartsWith("postgres:", StringComparison.Ordinal) ? store["postgres:".Length..] : store), placement);
        return new SqlClusterStore(new SqliteDialect(store.StartsWith("sqlite:", StringComparison.Ordinal) ? store["sqlite:".Length..] : store), placement);
    }

    private T Write<T>(Func<DbConnection, T> body)
    {
        if (_d.SerializeWrites) _writer.Wait();
        try
        {
            using var c = _d.Open();
            return body(c);
        }
        finally
        {
            if (_d.SerializeWrites) _writer.Release();
        }
    }

    private T Read<T>(Func<DbConnection, T> body)
    {
        using var c = _d.Open();
        return body(c);
    }

    /// <summary>One transaction: the sweep row and every cell, or nothing. Re-submitting the same sweep id returns Existing.</summary>
    public SubmitResponse Submit(string sweepId, string name, string specText, IReadOnlyList<CellSpec> cells, int maxRetries) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        if (c.Scalar(tx, "SELECT COUNT(*) FROM cells WHERE sweep_id = @s", ("@s", sweepId)) is { } n && Convert.ToInt32(n) > 0)
        {
            tx.Rollback();
            return new SubmitResponse(sweepId, Convert.ToInt32(n), true);
        }
        c.Exec(tx, "INSERT INTO sweeps (id, name, spec, state, created_ms) VALUES (@i, @n, @s, 'active', @t)",
            ("@i", sweepId), ("@n", name), ("@s", specText), ("@t", SqlHelpers.NowMs()));
        using var cmd = c.Cmd(tx, """
            INSERT INTO cells (sweep_id, ord, cell_key, task, method, variant, params, seed, data_seed, state, max_retries)
            VALUES (@s, @o, @k, @t, @m, @v, @p, @seed, @ds, 'pending', @mr)
            """, ("@s", sweepId), ("@o", 0), ("@k", ""), ("@t", ""), ("@m", ""), ("@v", ""), ("@p", ""), ("@seed", 0), ("@ds", 0), ("@mr", maxRetries));
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            cmd.Parameters["@o"].Value = i;
            cmd.Parameters["@k"].Value = cell.Key;
            cmd.Parameters["@t"].Value = cell.Task;
            cmd.Parameters["@m"].Value = cell.Method;
            cmd.Parameters["@v"].Value = cell.Variant;
            cmd.Parameters["@p"].Value = JsonSerializer.Serialize(cell.Parameters);
            cmd.Parameters["@seed"].Value = cell.Seed;
            cmd.Parameters["@ds"].Value = cell.DataSeed;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return new SubmitResponse(sweepId, cells.Count, false);
    });

    /// <summary>Expired leases go back to pending (retries+1) or fail once retries are exhausted. Returns the count requeued or failed.</summary>
    public int RequeueExpired() => Write(c => c.Exec(null, """
        UPDATE cells SET
          state = CASE WHEN retries + 1 > max_retries THEN 'failed' ELSE 'pending' END,
          reason = 'lease expired: worker ' || COALESCE(worker, '?') || ' missed its heartbeat (attempt ' || attempt || ')',
          finished_ms = CASE WHEN retries + 1 > max_retries THEN @now ELSE NULL END,
          retries = retries + 1, worker = NULL, lease_until_ms = NULL
        WHERE state IN ('leased', 'running') AND lease_until_ms < @now
        """, ("@now", SqlHelpers.NowMs())));

    /// <summary>Return every leased/running cell to pending without a retry penalty (embedded run restarting after an interruption).</summary>
    public int ReclaimAllLeases(string reason) => Write(c => c.Exec(null,
        "UPDATE cells SET state = 'pending', worker = NULL, lease_until_ms = NULL, reason = @r WHERE state IN ('leased', 'running')",
        ("@r", reason)));

    public LeasedCell? Lease(LeaseRequest request, int leaseSeconds)
    {
        RequeueExpired();
        return Write(c =>
        {
            using var tx = c.BeginTransaction();
            var now = SqlHelpers.NowMs();
            LeasedCell? leased = null;
            using (var cmd = c.Cmd(tx, $"""
                UPDATE cells SET state = 'leased', attempt = attempt + 1, worker = @w, device = @d, lease_until_ms = @until,
                  started_ms = COALESCE(started_ms, @now), reason = reason
                WHERE id = (SELECT c.id FROM cells c JOIN sweeps s ON s.id = c.sweep_id
                            WHERE c.state = 'pending' AND s.state = 'active' ORDER BY c.id LIMIT 1{_d.LockPendingRow})
                RETURNING id, attempt, sweep_id, cell_key, task, method, variant, params, seed, data_seed, checkpoint_epoch
                """, ("@w", request.Worker), ("@d", request.Device), ("@until", now + leaseSeconds * 1000L), ("@now", now)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                    leased = new LeasedCell(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                        r.GetString(6), JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(7))!, r.GetInt32(8), r.GetInt32(9),
                        leaseSeconds, r.Int(10));
            }
            c.Exec(tx, """
                INSERT INTO workers (name, device, last_seen_ms, cell_id) VALUES (@w, @d, @now, @cell)
                ON CONFLICT (name) DO UPDATE SET device = excluded.device, last_seen_ms = excluded.last_seen_ms, cell_id = excluded.cell_id
                """, ("@w", request.Worker), ("@d", request.Device), ("@now", now), ("@cell", leased?.CellId));
            tx.Commit();
            return leased;
        });
    }

    public HeartbeatResponse Heartbeat(HeartbeatRequest h, int leaseSeconds) => Write(c =>
    {
        var now = SqlHelpers.NowMs();
        var n = c.Exec(null, """
            UPDATE cells SET state = 'running', lease_until_ms = @until, epoch = COALESCE(@e, epoch), total_epochs = COALESCE(@te, total_epochs),
              loss = COALESCE(@l, loss), epoch_seconds = COALESCE(@es, epoch_seconds)
            WHERE id = @id AND attempt = @a AND worker = @w AND state IN ('leased', 'running')
            """, ("@until", now + leaseSeconds * 1000L), ("@e", h.Epoch), ("@te", h.TotalEpochs), ("@l", Finite(h.Loss)),
            ("@es", h.EpochSeconds), ("@id", h.CellId), ("@a", h.Attempt), ("@w", h.Worker));
        c.Exec(null, "UPDATE workers SET last_seen_ms = @now WHERE name = @w", ("@now", now), ("@w", h.Worker));
        return n == 1 ? new HeartbeatResponse(true) : new HeartbeatResponse(false, "lease no longer held (expired, cancelled or superseded)");
    });

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    public void Dispose() => _writer.Dispose();
}
