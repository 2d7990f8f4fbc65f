using System.Data.Common;

namespace Df2.Silo.Stores;

/// <summary>
/// Versioned schema migrations, applied on start inside one transaction each. The store tables:
/// sweeps, cells (state machine + lease + last checkpoint + result), completions (cell, attempt) —
/// the idempotency key of completion — and workers.
/// </summary>
internal static class StoreSchema
{
    public static IReadOnlyList<string> Migrations(ISqlDialect d) =>
    [
        $"""
        CREATE TABLE sweeps (id TEXT PRIMARY KEY, name TEXT NOT NULL, spec TEXT NOT NULL, state TEXT NOT NULL,
          created_ms BIGINT NOT NULL);
        CREATE TABLE cells (
          id {d.AutoId}, sweep_id TEXT NOT NULL REFERENCES sweeps(id), ord INTEGER NOT NULL, cell_key TEXT NOT NULL,
          task TEXT NOT NULL, method TEXT NOT NULL, variant TEXT NOT NULL, params TEXT NOT NULL,
          seed INTEGER NOT NULL, data_seed INTEGER NOT NULL,
          state TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0, retries INTEGER NOT NULL DEFAULT 0, max_retries INTEGER NOT NULL,
          worker TEXT, device TEXT, lease_until_ms BIGINT,
          epoch INTEGER, total_epochs INTEGER, loss {d.Real}, epoch_seconds {d.Real}, reason TEXT,
          result TEXT, completed_attempt INTEGER,
          checkpoint_epoch INTEGER, checkpoint_location TEXT, checkpoint_blob {d.Blob},
          started_ms BIGINT, finished_ms BIGINT,
          UNIQUE (sweep_id, cell_key));
        CREATE INDEX cells_state_id ON cells (state, id);
        CREATE INDEX cells_sweep ON cells (sweep_id, ord);
        CREATE TABLE completions (cell_id BIGINT NOT NULL, attempt INTEGER NOT NULL, worker TEXT NOT NULL, at_ms BIGINT NOT NULL,
          PRIMARY KEY (cell_id, attempt));
        CREATE TABLE workers (name TEXT PRIMARY KEY, device TEXT NOT NULL, last_seen_ms BIGINT NOT NULL, cell_id BIGINT,
          completed INTEGER NOT NULL DEFAULT 0);
        """,
    ];

    public static void Migrate(ISqlDialect d, DbConnection c)
    {
        c.Exec(null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var migrations = Migrations(d);
        for (var attempt = 0; ; attempt++)
        {
            using var tx = c.BeginTransaction();
            try
            {
                if (d.Name == "postgres") c.Exec(tx, "LOCK TABLE schema_version IN EXCLUSIVE MODE");
                var current = Convert.ToInt32(c.Scalar(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version") ?? 0);
                for (var v = current; v < migrations.Count; v++)
                {
                    c.Exec(tx, migrations[v]);
                    c.Exec(tx, "INSERT INTO schema_version (version) VALUES (@v)", ("@v", v + 1));
                }
                tx.Commit();
                return;
            }
            catch (DbException) when (attempt < 3)
            {
                tx.Rollback();
                Thread.Sleep(200);
            }
        }
    }
}
