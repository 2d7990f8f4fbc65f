namespace Df2.GrainInterfaces;

// JSON bodies of the silo API (camelCase on the wire). Workers and the client use only these.

/// <summary>Submit a sweep: the spec text; the API expands and validates it, then stores every cell or none.</summary>
public sealed record SubmitRequest(string SpecYaml, string? SourceName = null, int? MaxRetries = null);

public sealed record SubmitResponse(string SweepId, int Cells, bool Existing);

/// <summary>A worker asks for a cell; <see cref="Device"/> is recorded on the cell (e.g. "cpu", "cuda:0").</summary>
public sealed record LeaseRequest(string Worker, string Device);

/// <summary>
/// A granted lease. (<see cref="CellId"/>, <see cref="Attempt"/>) is the lease's identity: every
/// later heartbeat / checkpoint / complete / fail must quote both, so a stale worker is refused.
/// </summary>
public sealed record LeasedCell(long CellId, int Attempt, string SweepId, string Key, string Task, string Method,
    string Variant, Dictionary<string, string> Parameters, int Seed, int DataSeed, int LeaseSeconds, int? CheckpointEpoch);

public sealed record HeartbeatRequest(long CellId, int Attempt, string Worker, int? Epoch = null, int? TotalEpochs = null,
    double? Loss = null, double? EpochSeconds = null);

/// <summary><see cref="Ok"/> false: the lease is gone (expired or cancelled) — the worker must stop the cell.</summary>
public sealed record HeartbeatResponse(bool Ok, string? Message = null);

/// <summary>The metrics a finished cell reports (see CellMetrics in the learning core).</summary>
public sealed record CellResult(double Regret, double? LowerBound, double? Gap, int Epochs, double TrainSeconds,
    Dictionary<string, double> Extra);

public sealed record CompleteRequest(long CellId, int Attempt, string Worker, CellResult Result);

/// <summary><see cref="Permanent"/>: fail now (e.g. NaN loss); otherwise the cell is retried while retries remain.</summary>
public sealed record FailRequest(long CellId, int Attempt, string Worker, string Reason, bool Permanent);

/// <summary>Give a lease back without penalty (worker draining); the cell resumes from its checkpoint elsewhere.</summary>
public sealed record ReleaseRequest(long CellId, int Attempt, string Worker);

/// <summary>Answer to a mutating worker call. <see cref="Duplicate"/>: the same completion was already recorded.</summary>
public sealed record AckResponse(bool Accepted, bool Duplicate = false, string? Message = null);

public sealed record SweepStatus(string SweepId, string Name, string State, int Total, Dictionary<string, int> Counts,
    DateTimeOffset Created);

/// <summary>Everything known about one cell (status pages, tables, results.csv).</summary>
public sealed record CellView(long CellId, string SweepId, string Key, string Task, string Method, string Variant,
    int Seed, int DataSeed, string State, int Attempt, int Retries, string? Worker, string? Device,
    int? Epoch, int? TotalEpochs, double? Loss, double? EpochSeconds, string? Reason, CellResult? Result,
    int? CheckpointEpoch, string? CheckpointLocation, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

public sealed record WorkerView(string Worker, string Device, DateTimeOffset LastSeen, long? CellId, int Completed);

/// <summary>One line of JSON for the dashboard: every sweep, running cells, workers.</summary>
public sealed record DashboardStatus(IReadOnlyList<SweepStatus> Sweeps, IReadOnlyList<CellView> Running,
    IReadOnlyList<WorkerView> Workers, DateTimeOffset Now);
