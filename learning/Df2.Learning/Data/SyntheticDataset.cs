namespace Df2.Learning.Data;

public enum Split { Train, Val, Test }

/// <summary>
/// n (x, y) pairs drawn from <see cref="SyntheticMixture"/> and split at random 70/15/15
/// (paper: 5000 pairs → 3500/750/750). Arrays are row-major [n, 2] in double precision.
/// Everything depends only on (dataSeed, n), never on the training seed.
/// </summary>
public sealed class SyntheticDataset
{
    public SyntheticMixture Mixture { get; }
    public int Count { get; }
    public double[] X { get; }
    public double[] Y { get; }
    public Split[] Splits { get; }
    public int[] TrainIndex { get; }
    public int[] ValIndex { get; }
    public int[] TestIndex { get; }

    private SyntheticDataset(SyntheticMixture mixture, double[] x, double[] y, Split[] splits)
    {
        Mixture = mixture; X = x; Y = y; Splits = splits; Count = splits.Length;
        TrainIndex = Enumerable.Range(0, Count).Where(i => splits[i] == Split.Train).ToArray();
        ValIndex = Enumerable.Range(0, Count).Where(i => splits[i] == Split.Val).ToArray();
        TestIndex = Enumerable.Range(0, Count).Where(i => splits[i] == Split.Test).ToArray();
    }

    public static SyntheticDataset Generate(int dataSeed, int n)
    {
        if (n < 20) throw new Tasks.ParameterException("n", $"parameter 'n' = '{n}' must be at least 20");
        var mixture = SyntheticMixture.FromSeed(dataSeed);
        var rng = DataRng.For("synthetic-pairs", dataSeed, n);
        var x = new double[n * 2];
        var y = new double[n * 2];
        for (int s = 0; s < n; s++)
        {
            double x1 = rng.Uniform(-1, 1), x2 = rng.Uniform(-1, 1);
            int k = rng.Categorical(mixture.Weights);
            x[2 * s] = x1; x[2 * s + 1] = x2;
            for (int i = 0; i < 2; i++)
                y[2 * s + i] = mixture.ComponentMean(k, i, x1, x2) + mixture.Std * rng.NextNormal();
        }
        var perm = DataRng.For("synthetic-split", dataSeed, n).Permutation(n);
        int nTrain = (int)Math.Round(0.70 * n), nVal = (int)Math.Round(0.15 * n);
        var splits = new Split[n];
        for (int r = 0; r < n; r++)
            splits[perm[r]] = r < nTrain ? Split.Train : r < nTrain + nVal ? Split.Val : Split.Test;
        return new SyntheticDataset(mixture, x, y, splits);
    }
}
