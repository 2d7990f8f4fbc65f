using System.Runtime.InteropServices;
using Df2.GrainInterfaces;
using Orleans.Serialization;

namespace Df2.Grains;

/// <summary>
/// A sweep's validated cell list, kept in the checkpoint store (a folder or blobs, never grain state) as pages of
/// <see cref="PageSize"/> descriptions ("cells-00000.bin", Orleans-serialized <c>List&lt;CellDescription&gt;</c>), and beside
/// each page the regrets its done cells reported ("regrets-00000.bin", little-endian doubles, NaN: none recorded). The
/// sweep grain writes every page before its state (which names the page count), so a state never points at a missing page.
/// </summary>
public static class SweepManifest
{
    public const int PageSize = 1000;

    public static int Pages(int cells) => (cells + PageSize - 1) / PageSize;

    private static string CellsPage(int page) => $"cells-{page:D5}.bin";

    private static string RegretsPage(int page) => $"regrets-{page:D5}.bin";

    /// <summary>Write every page of <paramref name="cells"/> with empty regret pages; returns the page count.</summary>
    public static int Write(ICheckpointStore store, Serializer serializer, string sweepId, IReadOnlyList<CellDescription> cells, double[]? regrets = null)
    {
        var pages = Pages(cells.Count);
        regrets ??= Enumerable.Repeat(double.NaN, cells.Count).ToArray();
        for (var p = 0; p < pages; p++)
        {
            var page = cells.Skip(p * PageSize).Take(PageSize).ToList();
            store.SaveSweepFile(sweepId, CellsPage(p), serializer.SerializeToArray(page));
            WriteRegrets(store, sweepId, p, regrets);
        }
        return pages;
    }

    /// <summary>Rewrite the regret page <paramref name="page"/> from the sweep's regrets (one per cell).</summary>
    public static void WriteRegrets(ICheckpointStore store, string sweepId, int page, double[] regrets)
    {
        var slice = regrets.AsSpan(page * PageSize, Math.Min(PageSize, regrets.Length - page * PageSize));
        store.SaveSweepFile(sweepId, RegretsPage(page), MemoryMarshal.AsBytes(slice).ToArray());
    }

    public static (List<CellDescription> Cells, double[] Regrets) Read(ICheckpointStore store, Serializer serializer, string sweepId, int pages, int count)
    {
        var cells = new List<CellDescription>(count);
        var regrets = new double[count];
        for (var p = 0; p < pages; p++)
        {
            cells.AddRange(serializer.Deserialize<List<CellDescription>>(store.Load(CheckpointNames.SweepFile(sweepId, CellsPage(p)))) ?? []);
            var bytes = store.Load(CheckpointNames.SweepFile(sweepId, RegretsPage(p)));
            MemoryMarshal.Cast<byte, double>(bytes).CopyTo(regrets.AsSpan(p * PageSize));
        }
        if (cells.Count != count) throw new InvalidDataException($"sweep {sweepId}: the manifest holds {cells.Count} cells, its state {count}");
        return (cells, regrets);
    }
}
