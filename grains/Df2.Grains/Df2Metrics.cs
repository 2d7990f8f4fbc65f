using System.Diagnostics.Metrics;

namespace Df2.Grains;

/// <summary>
/// Our instruments, on the meter <see cref="MeterName"/> (System.Diagnostics.Metrics; the silo exports them with
/// Orleans' and .NET's meters on its Prometheus endpoint, /metrics). Each silo reports what happens in its process:
/// cell-state changes of the cell grains it hosts (an up-down counter per state, so the cluster-wide count is the sum
/// over silos), the epochs, checkpoints and hand-outs of its worker slots, and failures by kind. Tags stay few-valued
/// (slot, device, state, kind), never a cell key.
/// </summary>
public static class Df2Metrics
{
    public const string MeterName = "Df2";

    private static readonly Meter Meter = new(MeterName);

    private static readonly UpDownCounter<long> Cells =
        Meter.CreateUpDownCounter<long>("df2.cells", "{cell}", "cells by state, as changed by the cell grains of this silo");

    private static readonly Counter<long> Epochs =
        Meter.CreateCounter<long>("df2.epochs", "{epoch}", "training epochs finished by this silo's worker slots");

    private static readonly Histogram<double> EpochSeconds =
        Meter.CreateHistogram<double>("df2.epoch.duration", "s", "seconds per training epoch, per worker slot");

    private static readonly Counter<long> CheckpointBytes =
        Meter.CreateCounter<long>("df2.checkpoint.bytes", "By", "checkpoint bytes written to the checkpoint store");

    private static readonly Histogram<double> CheckpointSeconds =
        Meter.CreateHistogram<double>("df2.checkpoint.duration", "s", "seconds to store one checkpoint and report it");

    private static readonly Histogram<double> HandOutSeconds =
        Meter.CreateHistogram<double>("df2.handout.duration", "s",
            "seconds a worker slot was idle before its next unit of work (waited = yes: it found none and waited to be woken, so the time includes a wait for work to exist)");

    private static readonly Counter<long> SweepCalls =
        Meter.CreateCounter<long>("df2.sweep.calls", "{call}", "calls into the sweep grains of this silo, by method (handout: an idle worker's request for a cell; report: a cell's change)");

    private static readonly Counter<long> ReadySignals =
        Meter.CreateCounter<long>("df2.handout.ready", "{cell}", "cells the sweep grains of this silo reported ready to the cluster index (submitted, back to pending, dependencies done, 3D-L steps)");

    private static readonly Counter<long> Wakes =
        Meter.CreateCounter<long>("df2.handout.wakes", "{wake}", "waiting worker slots the cluster index woke for ready cells");

    private static readonly Counter<long> Failures =
        Meter.CreateCounter<long>("df2.cell.failures", "{failure}", "failed attempts of cells and 3D-L steps on this silo's slots, by kind (retryable, permanent, worker-process)");

    private static readonly UpDownCounter<long> BusySlots =
        Meter.CreateUpDownCounter<long>("df2.slots.busy", "{slot}", "worker slots of this silo running a unit of work");

    private static readonly UpDownCounter<long> Slots =
        Meter.CreateUpDownCounter<long>("df2.slots", "{slot}", "worker slots of this silo");

    /// <summary>A cell grain moved from <paramref name="from"/> (null: a new cell) to <paramref name="to"/>.</summary>
    public static void CellMoved(string? from, string to)
    {
        if (from == to) return;
        if (from is not null) Cells.Add(-1, new KeyValuePair<string, object?>("state", from));
        Cells.Add(1, new KeyValuePair<string, object?>("state", to));
    }

    public static void EpochDone(string slot, string device, double seconds)
    {
        var tags = new System.Diagnostics.TagList { { "slot", slot }, { "device", device } };
        Epochs.Add(1, tags);
        EpochSeconds.Record(seconds, tags);
    }

    public static void CheckpointStored(long bytes, double seconds)
    {
        CheckpointBytes.Add(bytes);
        CheckpointSeconds.Record(seconds);
    }

    public static void HandedOut(double idleSeconds, bool waited) =>
        HandOutSeconds.Record(idleSeconds, new KeyValuePair<string, object?>("waited", waited ? "yes" : "no"));

    /// <summary>A call into a sweep grain: "handout" (NextCellAsync) or "report" (CellChangedAsync).</summary>
    public static void SweepCalled(string method) => SweepCalls.Add(1, new KeyValuePair<string, object?>("method", method));

    public static void CellsReady(int count) => ReadySignals.Add(count);

    public static void Woke(int workers) => Wakes.Add(workers);

    /// <summary>A failed attempt of a cell or a 3D-L step, counted where its slot ran it; <paramref name="reason"/> is classified, never used as a tag itself.</summary>
    public static void Failed(string reason, bool permanent) =>
        Failures.Add(1, new KeyValuePair<string, object?>("kind",
            reason.StartsWith("worker process", StringComparison.Ordinal) ? "worker-process" : permanent ? "permanent" : "retryable"));

    public static void SlotStarted() => Slots.Add(1);

    public static void SlotBusy(bool busy) => BusySlots.Add(busy ? 1 : -1);

    /// <summary>
    /// The GPU memory gauge of a silo with CUDA slots: <paramref name="observe"/> is asked at each scrape and returns the
    /// used and total bytes per device (tags device = "cuda:N", kind = used | total). Registered once, by the host.
    /// </summary>
    public static void ObserveGpuMemory(Func<IEnumerable<Measurement<long>>> observe) =>
        Meter.CreateObservableGauge("df2.gpu.memory", observe, "By", "GPU memory of the devices this silo's CUDA slots use, used and total (nvidia-smi)");
}
