namespace Df2.Learning.Running;

/// <summary>
/// One training cell as the learning core sees it: a task × method × variant × seed.
/// <paramref name="Parameters"/> holds the variant values and overrides merged (e.g. "k" = "10",
/// "epochs" = "5", "S" = "200"); every key must be known to the task or the method, otherwise
/// <see cref="CellTrainer.Validate"/> (or the method plug-in's Validate) throws naming the key. <see cref="Inputs"/> holds the final artifacts of the
/// cells this one depends on (<see cref="CellDependency"/>), keyed by the dependency's method; the sweep runs those
/// cells first and the worker loads their artifacts from the checkpoint store.
/// </summary>
public sealed record CellRequest(
    string Task,
    string Method,
    IReadOnlyDictionary<string, string> Parameters,
    int Seed,
    int DataSeed,
    string Device = "cpu")
{
    public IReadOnlyDictionary<string, byte[]> Inputs { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);
}

/// <summary>Progress of a running cell, reported once per finished epoch.</summary>
public sealed record EpochReport(int Epoch, int TotalEpochs, double Loss, double EpochSeconds);

/// <summary>
/// Where a cell keeps its epoch checkpoints (a store row, a blob, a file). The bytes are a
/// safetensors document written by the method; the runner never interprets them.
/// </summary>
public interface ICheckpointSink
{
    /// <summary>Persist the state after <paramref name="epoch"/> epochs (1-based count of finished epochs).</summary>
    void Save(int epoch, byte[] state);

    /// <summary>The latest saved checkpoint, or null when the cell starts fresh.</summary>
    (int Epoch, byte[] State)? Load();
}

/// <summary>
/// What a finished cell reports. Regret = mean over the test set of f(y, â(x)) − f(y, a*(y))
/// (the per-sample oracle regret). LowerBound / Gap exist only where the task knows the true
/// conditional distribution (synthetic tasks): LowerBound = mean regret of the Bayes decision,
/// Gap = Regret − LowerBound. A dependency cell (one that other cells need, e.g. a pre-trained model) has no
/// regret (NaN) and returns its final <see cref="Artifact"/> (safetensors bytes), which the host stores for its dependents.
/// </summary>
public sealed record CellMetrics(
    double Regret,
    double? LowerBound,
    double? Gap,
    int Epochs,
    double TrainSeconds,
    IReadOnlyDictionary<string, double> Extra)
{
    public byte[]? Artifact { get; init; }
}

/// <summary>Thrown when a cell fails for a reason that retrying will not fix (e.g. loss became NaN).</summary>
public sealed class CellFailedException(string reason) : Exception(reason);
