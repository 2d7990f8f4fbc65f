using System.Collections.Concurrent;
using Df2.GrainInterfaces;
using Df2.Silo.Stores;

namespace Df2.Cluster.Tests;

/// <summary>The store's lease state machine, on SQLite and (when DF2_PG_DSN is set) PostgreSQL.</summary>
public class StoreTests
{
    private static IReadOnlyList<CellSpec> Cells(int n, string prefix = "t") =>
        Enumerable.Range(0, n).Select(i => new CellSpec(CellKey.Format(prefix, "m", "", i, 0), prefix, "m", "",
            new Dictionary<string, string> { ["epochs"] = "2" }, i, 0)).ToList();

    private static void WithStores(bool postgres, Action<Func<CheckpointPlacement?, SqlClusterStore>> body)
    {
        if (postgres)
        {
            using var db = new PgDatabase();
            body(p => new SqlClusterStore(new PostgresDialect(db.Dsn), p));
        }
        else
        {
            var dir = Paths.TempDir("store");
            body(p => new SqlClusterStore(new SqliteDialect(Path.Combine(dir, "df2.db")), p));
        }
    }

    [Fact] public void Sqlite_lease_heartbeat_complete_is_idempotent() => WithStores(false, LeaseHeartbeatComplete);
    [PgFact] public void Postgres_lease_heartbeat_complete_is_idempotent() => WithStores(true, LeaseHeartbeatComplete);
    [Fact] public void Sqlite_expired_lease_requeues_then_fails_after_retries() => WithStores(false, ExpiryAndRetries);
    [PgFact] public void Postgres_expired_lease_requeues_then_fails_after_retries() => WithStores(true, ExpiryAndRetries);
    [Fact] public void Sqlite_submit_is_all_or_nothing() => WithStores(false, SubmitAllOrNothing);
    [PgFact] public void Postgres_submit_is_all_or_nothing() => WithStores(true, SubmitAllOrNothing);
    [Fact] public void Sqlite_checkpoints_inline_and_on_shared_volume() => WithStores(false, Checkpoints);
    [PgFact] public void Postgres_checkpoints_inline_and_on_shared_volume() => WithStores(true, Checkpoints);
    [Fact] public void Sqlite_concurrent_leases_never_share_a_cell() => WithStores(false, ConcurrentLeases);
    [PgFact] public void Postgres_concurrent_leases_never_share_a_cell_skip_locked() => WithStores(true, ConcurrentLeases);

    private static void LeaseHeartbeatComplete(Func<CheckpointPlacement?, SqlClusterStore> open)
    {
        using var store = open(null);
        Assert.False(store.Submit("s1", "s", "spec", Cells(3), 2).Existing);
        var a = store.Lease(new LeaseRequest("w1", "cpu"), 30)!;
        Assert.Equal(1, a.Attempt);
        Assert.True(store.Heartbeat(new HeartbeatRequest(a.CellId, a.Attempt, "w1", 1, 2, 0.5, 0.1), 30).Ok);
        Assert.False(store.Heartbeat(new HeartbeatRequest(a.CellId, a.Attempt, "intruder"), 30).Ok);
        var result = new CellResult(1.5, 1.0, 0.5, 2, 0.2, new() { ["x"] = 1 });
        Assert.Equal(new AckResponse(true), store.Complete(new CompleteRequest(a.CellId, a.Attempt, "w1", result)));
        var again = store.Complete(new CompleteRequest(a.CellId, a.Attempt, "w1", result));
        Assert.True(again.Accepted && again.Duplicate);
        Assert.False(store.Heartbeat(new HeartbeatRequest(a.CellId, a.Attempt, "w1"), 30).Ok);
        var view = store.Cells("s1").Single(c => c.CellId == a.CellId);
        Assert.Equal("done", view.State);
        Assert.Equal(1.5, view.Result!.Regret);
        Assert.Equal("cpu", view.Device);
        Assert.Equal(1, store.CompletionCounts("s1")[view.Key]);
        Assert.Equal(3, store.Sweeps().Single().Total);
        Assert.Single(store.Workers());
    }

    private static void ExpiryAndRetries(Func<CheckpointPlacement?, SqlClusterStore> open)
    {
        using var store = open(null);
        store.Submit("s1", "s", "spec", Cells(1), maxRetries: 1);
        var first = store.Lease(new LeaseRequest("w1", "cpu"), 0)!;
        Thread.Sleep(20);
        Assert.Equal(1, store.RequeueExpired());
        var cell = store.Cells("s1").Single();
        Assert.Equal(("pending", 1), (cell.State, cell.Retries));
        Assert.Contains("lease expired", cell.Reason);
        var second = store.Lease(new LeaseRequest("w2", "cpu"), 0)!;
        Assert.Equal(first.Attempt + 1, second.Attempt);
        // the first (presumed dead) worker wakes up: its completion is refused
        Assert.False(store.Complete(new CompleteRequest(first.CellId, first.Attempt, "w1", new CellResult(0, null, null, 1, 0, []))).Accepted);
        Thread.Sleep(20);
        store.RequeueExpired();
        cell = store.Cells("s1").Single();
        Assert.Equal("failed", cell.State);
        Assert.Contains("w2 missed its heartbeat", cell.Reason);
        Assert.Null(store.Lease(new LeaseRequest("w3", "cpu"), 30));
    }

    private static void SubmitAllOrNothing(Func<CheckpointPlacement?, SqlClusterStore> open)
    {
        using var store = open(null);
        var dup = Cells(3).Concat(Cells(1)).ToList(); // the 4th cell repeats the 1st key
        Assert.ThrowsAny<System.Data.Common.DbException>(() => store.Submit("s1", "s", "spec", dup, 2));
        Assert.Empty(store.Sweeps());
        Assert.Empty(store.Cells());
        Assert.False(store.Submit("s1", "s", "spec", Cells(3), 2).Existing);
        Assert.True(store.Submit("s1", "s", "spec", Cells(3), 2).Existing);
        Assert.Equal(3, store.Cells("s1").Count);
        Assert.Equal(3, store.Cancel("s1"));
        Assert.Null(store.Lease(new LeaseRequest("w", "cpu"), 30));
    }

    private static void Checkpoints(Func<CheckpointPlacement?, SqlClusterStore> open)
    {
        var dir = Paths.TempDir("ckpt");
        using var store = open(new CheckpointPlacement(dir, inlineLimit: 16));
        store.Submit("s1", "s", "spec", Cells(2), 2);
        var a = store.Lease(new LeaseRequest("w1", "cpu"), 30)!;
        Assert.True(store.SaveCheckpoint(a.CellId, a.Attempt, 1, [1, 2, 3]).Accepted);
        Assert.Equal("store", store.Cells("s1").Single(c => c.CellId == a.CellId).CheckpointLocation);
        var big = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();
        Assert.True(store.SaveCheckpoint(a.CellId, a.Attempt, 2, big).Accepted);
        var loc = store.Cells("s1").Single(c => c.CellId == a.CellId).CheckpointLocation!;
        Assert.StartsWith(dir, loc);
        Assert.True(File.Exists(loc));
        var cp = store.LoadCheckpoint(a.CellId)!.Value;
        Assert.Equal(2, cp.Epoch);
        Assert.Equal(big, cp.State);
        Assert.False(store.SaveCheckpoint(a.CellId, a.Attempt + 1, 3, [9]).Accepted); // not the lease holder
        Assert.True(store.Release(new ReleaseRequest(a.CellId, a.Attempt, "w1")).Accepted);
        var again = store.Lease(new LeaseRequest("w2", "cpu"), 30)!;
        Assert.Equal((a.CellId, 2), (again.CellId, again.CheckpointEpoch!.Value));
    }

    private static void ConcurrentLeases(Func<CheckpointPlacement?, SqlClusterStore> open)
    {
        using var store = open(null);
        store.Submit("s1", "s", "spec", Cells(40), 2);
        var leased = new ConcurrentBag<long>();
        Parallel.For(0, 4, w =>
        {
            using var own = open(null); // one store object per "API replica"
            while (own.Lease(new LeaseRequest($"w{w}", "cpu"), 30) is { } c)
            {
                leased.Add(c.CellId);
                Assert.True(own.Complete(new CompleteRequest(c.CellId, c.Attempt, $"w{w}", new CellResult(0, null, null, 1, 0, []))).Accepted);
            }
        });
        Assert.Equal(40, leased.Count);
        Assert.Equal(40, leased.Distinct().Count());
        Assert.All(store.CompletionCounts("s1").Values, n => Assert.Equal(1, n));
    }
}
