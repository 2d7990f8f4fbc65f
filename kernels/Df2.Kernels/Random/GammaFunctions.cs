namespace Df2.Kernels.Random;

/// <summary>
/// Gamma variates for the Dirichlet sampler of <see cref="Rng"/>, drawn from our own seeded streams (a library sampler
/// would draw from its own generator, and the pinned numbers depend on these draws). ln Γ itself comes from Math.NET
/// Numerics (<c>SpecialFunctions.GammaLn</c>), where it is used.
/// </summary>
public static class GammaFunctions
{
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
