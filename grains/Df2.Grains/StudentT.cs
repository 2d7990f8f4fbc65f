namespace Df2.Grains;

/// <summary>
/// Student's t distribution for the regret tables' confidence intervals and paired tests, by Math.NET Numerics:
/// the two-sided tail P(|T_ν| ≥ |t|) = 2·(1 − F_ν(|t|)) and the quantile F_ν⁻¹(q).
/// </summary>
public static class StudentT
{
    /// <summary>Two-sided p-value P(|T_ν| ≥ |t|).</summary>
    public static double TwoSidedP(double t, double dof)
    {
        if (double.IsNaN(t) || dof <= 0) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        return 2 * MathNet.Numerics.Distributions.StudentT.CDF(0, 1, dof, -Math.Abs(t));
    }

    /// <summary>The q-quantile (e.g. 0.975) of T_ν.</summary>
    public static double Quantile(double q, double dof) => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, dof, q);
}
