namespace Df2.Learning.Tasks;

/// <summary>
/// Standard normal density φ, distribution Φ and the complementary error function in double
/// precision. erfc uses the Maclaurin series of erf for |x| &lt; 3 (absolute error below 1e-15)
/// and the Lentz continued fraction erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
/// for |x| ≥ 3 (relative error below 1e-14).
/// </summary>
public static class NormalMath
{
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double InvSqrtPi = 0.56418958354775628695;

    /// <summary>φ(z) = exp(−z²/2)/√(2π).</summary>
    public static double Pdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>Φ(z) = erfc(−z/√2)/2.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    /// <summary>erfc(x) = 1 − erf(x) = 2/√π ∫ₓ^∞ e^(−t²) dt.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0) return 2.0 - Erfc(-x);
        if (x < 3.0) return 1.0 - ErfSeries(x);
        if (x > 27.0) return 0.0;
        return ContinuedFraction(x);
    }

    /// <summary>erf(x) = 2/√π Σₙ (−1)ⁿ x^(2n+1) / (n! (2n+1)).</summary>
    private static double ErfSeries(double x)
    {
        double x2 = x * x, term = x, sum = x;
        for (int n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum)) break;
        }
        return 2.0 * InvSqrtPi * sum;
    }

    /// <summary>Modified Lentz evaluation of the erfc continued fraction, x ≥ 3.</summary>
    private static double ContinuedFraction(double x)
    {
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        const double tiny = 1e-300;
        double f = x, c = x, d = 0.0;
        for (int n = 1; n < 500; n++)
        {
            double an = n * 0.5;
            d = x + an * d;
            if (Math.Abs(d) < tiny) d = tiny;
            c = x + an / c;
            if (Math.Abs(c) < tiny) c = tiny;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16) break;
        }
        return Math.Exp(-x * x) * InvSqrtPi / f;
    }
}
