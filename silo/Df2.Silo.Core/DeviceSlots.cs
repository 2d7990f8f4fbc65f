namespace Df2.Silo.Core;

/// <summary>
/// Parses <c>--devices</c>: "cpu:2" (two CPU slots), "cuda:0,cuda:1" (one slot per GPU), "cpu" (one slot),
/// or a mix ("cuda:0,cpu:1"). A count after "cpu:" is a number of slots; after "cuda:" it is the GPU index.
/// </summary>
public static class DeviceSlots
{
    public static IReadOnlyList<string> Parse(string text)
    {
        var slots = new List<string>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "cpu") { slots.Add("cpu"); continue; }
            if (part.StartsWith("cpu:", StringComparison.Ordinal) && int.TryParse(part[4..], out var n) && n > 0)
            {
                slots.AddRange(Enumerable.Repeat("cpu", n));
                continue;
            }
            if (part.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(part[5..], out var gpu) && gpu >= 0)
            {
                if (slots.Contains(part)) throw new ArgumentException($"--devices lists {part} twice");
                slots.Add(part);
                continue;
            }
            throw new ArgumentException($"--devices: '{part}' is not cpu, cpu:N (N slots) or cuda:I (GPU index)");
        }
        if (slots.Count == 0) throw new ArgumentException("--devices names no slot");
        return slots;
    }
}
