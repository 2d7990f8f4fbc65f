namespace Df2.Learning.Data;

/// <summary>
/// The true conditional distribution of the synthetic tasks (paper eq. 12, App. F.2):
/// x ~ U²[−1, 1], y | x ~ 0.3 N(A₁x, 0.1 I) + 0.3 N(A₂x, 0.1 I) + 0.4 N(A₃x, 0.1 I),
/// with every entry of A₁, A₂, A₃ ∈ ℝ^{2×2} drawn from U[0, 1] by the data seed.
/// 0.1 I is read as the covariance (variance 0.1 per coordinate, std √0.1).
/// </summary>
public sealed class SyntheticMixture
{
    public const int Components = 3;
    public const int Dim = 2;

    /// <summary>A[k][r, c] stored as A[k, r, c].</summary>
    public double[,,] A { get; }
    public double[] Weights { get; } = [0.3, 0.3, 0.4];
    public double Variance { get; } = 0.1;
    public double Std => Math.Sqrt(Variance);

    public SyntheticMixture(double[,,] a) => A = a;

    /// <summary>Draw A from the data seed (own stream, independent of the training seed).</summary>
    public static SyntheticMixture FromSeed(int dataSeed)
    {
        var rng = DataRng.For("synthetic-mixture-A", dataSeed);
        var a = new double[Components, Dim, Dim];
        for (int k = 0; k < Components; k++)
            for (int r = 0; r < Dim; r++)
                for (int c = 0; c < Dim; c++)
                    a[k, r, c] = rng.NextDouble();
        return new SyntheticMixture(a);
    }

    /// <summary>Mean of component k at x, coordinate i: (A_k x)[i].</summary>
    public double ComponentMean(int k, int i, double x1, double x2) => A[k, i, 0] * x1 + A[k, i, 1] * x2;
}
