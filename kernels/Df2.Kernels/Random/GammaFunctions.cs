namespace Df2.Kernels.Random;

/// <summary>
/// The Gamma function and Gamma variates, shared by the Dirichlet sampler of <see cref="Rng"/>, the SO-EBM
/// simplex proposals and the Student-t tail used by the aggregator.
/// </summary>
public static class GammaFunctions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(z) for z &gt; 0: Lanczos approximation (g = 7, 9 terms; rel. error ~1e-15), reflection for z &lt; ½.</summary>
    public static double LogGamma(double z)
    {
        if (z < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * z))) - LogGamma(1 - z);
        z -= 1;
        double x = Lanczos[0];
        for (int i = 1; i < Lanczos.Length; i++) x += Lanczos[i] / (z + i);
        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(x);
    }

    /// <summary>
    /// ln G for G ~ Gamma(α, 1) from a stream of uniforms in [0, 1) and standard normals:
    /// Marsaglia–Tsang (2000) for α ≥ 1 (d = α − 1/3, c = 1/√(9d), v = (1 + cx)³, accept if
    /// ln U &lt; x²/2 + d − dv + d ln v, G = dv); for α &lt; 1, ln G = ln G' + (ln U)/α with G' ~ Gamma(α + 1)
    /// (kept in log space so that it stays finite where G underflows).
    /// </summary>
    public static double LogGammaVariate(double alpha, Func<double> uniform, Func<double> normal)
    {
        if (!(alpha > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), $"Gamma shape must be > 0, got {alpha}.");
        if (alpha < 1) return LogGammaVariate(alpha + 1, uniform, normal) + Math.Log(1 - uniform()) / alpha;
        double d = alpha - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = normal(), v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1 - uniform();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return Math.Log(d * v);
        }
    }
}
