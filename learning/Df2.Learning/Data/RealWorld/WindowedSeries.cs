namespace Df2.Learning.Data.RealWorld;

/// <summary>
/// Supervised windows cut from one scaled univariate series, with a chronological split.
/// Each split holds row-major X [n, InputLength] and Y [n, OutputLength] in double precision.
/// </summary>
public sealed record WindowedSplit(double[] X, double[] Y, int Count);

/// <summary>
/// A chronological train/val/test split of a series into windows. The series is cut into three
/// consecutive segments (fractions <c>trainFrac</c>, <c>valFrac</c>, rest) and windows are made
/// inside each segment only, so no window straddles a boundary (no leakage of test values into
/// training windows). Window at origin t: x = s[t−L_in .. t−1]; the h-th step ahead is s[t−1+h];
/// y = steps <c>firstAhead</c> .. <c>firstAhead + L_out − 1</c> ahead.
/// </summary>
public sealed class WindowedSeries
{
    public int InputLength { get; }
    public int OutputLength { get; }
    public WindowedSplit Train { get; }
    public WindowedSplit Val { get; }
    public WindowedSplit Test { get; }
    /// <summary>Multiplier applied to raw values (scaled = raw × Scale).</summary>
    public double Scale { get; }

    private WindowedSeries(int inLen, int outLen, WindowedSplit train, WindowedSplit val, WindowedSplit test, double scale)
    {
        InputLength = inLen; OutputLength = outLen; Train = train; Val = val; Test = test; Scale = scale;
    }

    /// <summary>
    /// Scale the raw series so that the training segment's maximum maps to <paramref name="bound"/>
    /// (scaled = bound · raw / max_train; test values may exceed the bound) and cut windows.
    /// </summary>
    public static WindowedSeries Build(double[] raw, int inLen, int firstAhead, int outLen, int stride,
        double trainFrac, double valFrac, double bound, string what)
    {
        int n = raw.Length;
        int nTrain = (int)Math.Round(trainFrac * n), nVal = (int)Math.Round(valFrac * n);
        double maxTrain = 0;
        for (int i = 0; i < nTrain; i++) maxTrain = Math.Max(maxTrain, raw[i]);
        if (maxTrain <= 0) throw new InvalidDataException($"{what}: training segment is all zero, cannot scale");
        double scale = bound / maxTrain;
        var scaled = raw.Select(v => v * scale).ToArray();
        var train = Cut(scaled, 0, nTrain, inLen, firstAhead, outLen, stride, what, "train");
        var val = Cut(scaled, nTrain, nTrain + nVal, inLen, firstAhead, outLen, stride, what, "val");
        var test = Cut(scaled, nTrain + nVal, n, inLen, firstAhead, outLen, stride, what, "test");
        return new WindowedSeries(inLen, outLen, train, val, test, scale);
    }

    private static WindowedSplit Cut(double[] s, int from, int to, int inLen, int firstAhead, int outLen, int stride,
        string what, string split)
    {
        int lastAhead = firstAhead + outLen - 1;
        var xs = new List<double>();
        var ys = new List<double>();
        int count = 0;
        for (int t = from + inLen; t - 1 + lastAhead < to; t += stride)
        {
            for (int i = t - inLen; i < t; i++) xs.Add(s[i]);
            for (int h = firstAhead; h <= lastAhead; h++) ys.Add(s[t - 1 + h]);
            count++;
        }
        if (count == 0) throw new InvalidDataException($"{what}: the {split} segment [{from}, {to}) is too short for one window");
        return new WindowedSplit(xs.ToArray(), ys.ToArray(), count);
    }
}
