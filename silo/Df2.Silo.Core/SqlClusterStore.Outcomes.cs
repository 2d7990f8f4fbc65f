using System.Text.Json;
using Df2.GrainInterfaces;
using Df2.Silo;

namespace Df2.Silo.Stores;

public sealed partial class SqlClusterStore
{
    /// <summary>
    /// Record a result. Accepted once per cell: only the current lease (cell, attempt) may complete it;
    /// repeating the same (cell, attempt) completion answers Duplicate without writing anything.
    /// </summary>
    public AckResponse Complete(CompleteRequest req) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var now = SqlHelpers.NowMs();
        var n = c.Exec(tx, """
            UPDATE cells SET state = 'done', result = @r, completed_attempt = @a, finished_ms = @now, lease_until_ms = NULL,
              reason = NULL, epoch = @e, checkpoint_blob = NULL
            WHERE id = @id AND attempt = @a AND worker = @w AND state IN ('leased', 'running')
            """, ("@r", JsonSerializer.Serialize(req.Result, ApiClient.Json)), ("@a", req.Attempt), ("@now", now), ("@e", req.Result.Epochs),
            ("@id", req.CellId), ("@w", req.Worker));
        if (n == 0)
        {
            var dup = c.Scalar(tx, "SELECT COUNT(*) FROM completions WHERE cell_id = @id AND attempt = @a AND worker = @w",
                ("@id", req.CellId), ("@a", req.Attempt), ("@w", req.Worker));
            tx.Rollback();
            return Convert.ToInt32(dup) > 0
                ? new AckResponse(true, true, "already completed by this attempt")
                : new AckResponse(false, false, "lease no longer held (expired, cancelled or superseded)");
        }
        c.Exec(tx, "INSERT INTO completions (cell_id, attempt, worker, at_ms) VALUES (@id, @a, @w, @now)",
            ("@id", req.CellId), ("@a", req.Attempt), ("@w", req.Worker), ("@now", now));
        c.Exec(tx, "UPDATE workers SET completed = completed + 1, cell_id = NULL, last_seen_ms = @now WHERE name = @w", ("@now", now), ("@w", req.Worker));
        tx.Commit();
        return new AckResponse(true);
    });

    /// <summary>Fail the current lease: permanently (reason kept), or back to pending while retries remain.</summary>
    public AckResponse Fail(FailRequest req) => Write(c =>
    {
        var n = c.Exec(null, """
            UPDATE cells SET
              state = CASE WHEN @p = 1 OR retries + 1 > max_retries THEN 'failed' ELSE 'pending' END,
              finished_ms = CASE WHEN @p = 1 OR retries + 1 > max_retries THEN @now ELSE NULL END,
              retries = retries + 1, reason = @reason, worker = NULL, lease_until_ms = NULL
            WHERE id = @id AND attempt = @a AND worker = @w AND state IN ('leased', 'running')
            """, ("@p", req.Permanent ? 1 : 0), ("@now", SqlHelpers.NowMs()), ("@reason", req.Reason), ("@id", req.CellId),
            ("@a", req.Attempt), ("@w", req.Worker));
        c.Exec(null, "UPDATE workers SET cell_id = NULL WHERE name = @w", ("@w", req.Worker));
        return new AckResponse(n == 1, false, n == 1 ? null : "lease no longer held");
    });

    /// <summary>Give the lease back (draining worker): pending again, no retry used; the checkpoint stays.</summary>
    public AckResponse Release(ReleaseRequest req) => Write(c =>
    {
        var n = c.Exec(null, """
            UPDATE cells SET state = 'pending', worker = NULL, lease_until_ms = NULL, reason = 'released by draining worker ' || @w
            WHERE id = @id AND attempt = @a AND worker = @w AND state IN ('leased', 'running')
            """, ("@w", req.Worker), ("@id", req.CellId), ("@a", req.Attempt));
        c.Exec(null, "UPDATE workers SET cell_id = NULL WHERE name = @w", ("@w", req.Worker));
        return new AckResponse(n == 1, false, n == 1 ? null : "lease no longer held");
    });

    /// <summary>Store the checkpoint after <paramref name="epoch"/> epochs: in the row when small, else as a file in the shared directory.</summary>
    public AckResponse SaveCheckpoint(long cellId, int attempt, int epoch, byte[] state)
    {
        var (location, blob) = _checkpoints.Place(cellId, epoch, state);
        var ack = Write(c =>
        {
            var old = c.Scalar(null, "SELECT checkpoint_location FROM cells WHERE id = @id", ("@id", cellId)) as string;
            var n = c.Exec(null, """
                UPDATE cells SET checkpoint_epoch = @e, checkpoint_location = @loc, checkpoint_blob = @b
                WHERE id = @id AND attempt = @a AND state IN ('leased', 'running')
                """, ("@e", epoch), ("@loc", location), ("@b", blob), ("@id", cellId), ("@a", attempt));
            if (n == 1 && old != location) _checkpoints.Delete(old);
            return new AckResponse(n == 1, false, n == 1 ? null : "lease no longer held");
        });
        if (!ack.Accepted) _checkpoints.Delete(location);
        return ack;
    }

    public (int Epoch, byte[] State)? LoadCheckpoint(long cellId) => Read(c =>
    {
        using var cmd = c.Cmd(null, "SELECT checkpoint_epoch, checkpoint_location, checkpoint_blob FROM cells WHERE id = @id", ("@id", cellId));
        using var r = cmd.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0)) return ((int, byte[])?)null;
        var blob = r.IsDBNull(2) ? null : (byte[])r.GetValue(2);
        return (r.GetInt32(0), _checkpoints.Load(r.Str(1)!, blob));
    });

    /// <summary>Cancel a sweep: its unfinished cells become cancelled; running workers learn it at their next heartbeat.</summary>
    public int Cancel(string sweepId) => Write(c =>
    {
        using var tx = c.BeginTransaction();
        var s = c.Exec(tx, "UPDATE sweeps SET state = 'cancelled' WHERE id = @s", ("@s", sweepId));
        var n = c.Exec(tx, """
            UPDATE cells SET state = 'cancelled', reason = 'sweep cancelled', worker = NULL, lease_until_ms = NULL, finished_ms = @now
            WHERE sweep_id = @s AND state IN ('pending', 'leased', 'running')
            """, ("@s", sweepId), ("@now", SqlHelpers.NowMs()));
        tx.Commit();
        return s == 0 ? -1 : n;
    });
}
