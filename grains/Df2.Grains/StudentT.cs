using Df2.Kernels.Random;

namespace Df2.Grains;

/// <summary>
/// Student's t distribution: two-sided tail probability and quantiles, through the regularized
/// incomplete beta function. P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2).
/// </summary>
public static class StudentT
{
    /// <summary>Two-sided p-value P(|T_ν| ≥ |t|).</summary>
    public static double TwoSidedP(double t, double dof)
    {
        if (double.IsNaN(t) || dof <= 0) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return RegularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
    }

    /// <summary>The q-quantile (e.g. 0.975) of T_ν, found by bisection on the two-sided tail.</summary>
    public static double Quantile(double q, double dof)
    {
        if (q <= 0.5) return -Quantile(1 - q, dof);
        var tail = 2 * (1 - q);
        double lo = 0, hi = 1;
        while (TwoSidedP(hi, dof) > tail) hi *= 2;
        for (var i = 0; i < 200 && hi - lo > 1e-12 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (TwoSidedP(mid, dof) > tail) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>I_x(a, b) = B(x; a, b) / B(a, b), evaluated by its continued fraction (modified Lentz).</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var front = Math.Exp(GammaFunctions.LogGamma(a + b) - GammaFunctions.LogGamma(a) - GammaFunctions.LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        // The fraction converges fast for x < (a+1)/(a+b+2); otherwise use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
        if (x > (a + 1) / (a + b + 2)) return 1 - RegularizedBeta(1 - x, b, a);
        const double tiny = 1e-300;
        double f = 1, c = 1, d = 0;
        for (var i = 0; i <= 400; i++)
        {
            var m = i / 2;
            double numerator;
            if (i == 0) numerator = 1;
            else if (i % 2 == 0) numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            else numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + numerator * d;
            if (Math.Abs(d) < tiny) d = tiny;
            d = 1 / d;
            c = 1 + numerator / c;
            if (Math.Abs(c) < tiny) c = tiny;
            var cd = c * d;
            f *= cd;
            if (Math.Abs(1 - cd) < 1e-15) break;
        }
        return front * (f - 1) / a;
    }
}
