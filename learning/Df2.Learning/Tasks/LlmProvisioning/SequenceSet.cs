using static TorchSharp.torch;

namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// Non-overlapping sequences of <see cref="Length"/> = 28 slots of one file, min-max normalised by
/// that file's own range (row-major, Count × 28).
/// </summary>
public sealed record SequenceSet(string Name, float[] Values, int Count, TokenRange OwnRange)
{
    public const int Length = 28;
    /// <summary>Context window: slots t−7 .. t−1 predict slot t, for t = 7..27.</summary>
    public const int Window = 7;
    public const int Predictions = Length - Window;

    /// <summary>Cuts a normalised series into Count = ⌊n / 28⌋ sequences (the remainder is dropped).</summary>
    public static SequenceSet FromSeries(string name, IReadOnlyList<double> tokens, TokenRange ownRange)
    {
        var count = tokens.Count / Length;
        if (count == 0) throw new InvalidDataException($"{name}: {tokens.Count} rows, fewer than one sequence of {Length}");
        var values = new float[count * Length];
        for (var i = 0; i < values.Length; i++) values[i] = ownRange.Normalise(tokens[i]);
        return new SequenceSet(name, values, count, ownRange);
    }

    /// <summary>Sequences first .. first + count − 1 under a new name.</summary>
    public SequenceSet Slice(string name, int first, int count)
    {
        if (first < 0 || count <= 0 || first + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"{Name}: slice {first}+{count} outside {Count} sequences");
        return new SequenceSet(name, Values[(first * Length)..((first + count) * Length)], count, OwnRange);
    }

    /// <summary>The sequences as a Count × 28 tensor.</summary>
    public Tensor ToTensor(Device device) => tensor(Values, [Count, Length]).to(device);
}
