namespace Df2.Grains;

/// <summary>
/// A sweep's persisted state, small whatever the sweep's size: its name, when it was submitted, whether it was cancelled
/// (when, by whom), and a reference to its manifest (<see cref="SweepManifest"/>: <see cref="Count"/> cells in
/// <see cref="Pages"/> pages) with one byte per cell (<see cref="Cells"/>: the status in the low 3 bits, 0x80 once its cell
/// grain exists). 100,000 cells: about 100 kB (docs/benchmarks.md, "Sweeps of any size").
/// <see cref="Keys"/> is the cell list of sweeps stored before the manifest; it is moved into one on activation.
/// </summary>
[GenerateSerializer, Alias("df2.SweepGrainState")]
public sealed class SweepGrainState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public DateTimeOffset Created { get; set; }
    [Id(2)] public List<string> Keys { get; set; } = [];
    [Id(3)] public bool Cancelled { get; set; }
    [Id(4)] public bool Submitted { get; set; }
    [Id(5)] public int Count { get; set; }
    [Id(6)] public int Pages { get; set; }
    [Id(7)] public byte[] Cells { get; set; } = [];
    [Id(8)] public string? CancelReason { get; set; }
    [Id(9)] public DateTimeOffset? CancelledAt { get; set; }
}
