using Df2.Kernels.Random;
using Df2.Learning.Data;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// SO-EBM proposals on the budget simplex (vaccine): an equal-weight mixture of Dirichlet
/// distributions centred at the optimal decision's budget share p* = a*/Budget,
/// q(p) = (1/3) Σ_c Dir(p; α_c), α_c = c·m, c ∈ <see cref="Concentrations"/>, with the centre
/// m = (1 − κ)p* + κ/n (κ = <see cref="Smoothing"/>) because p* is often a vertex and Dir needs α_i &gt; 0.
/// Our choice in place of the paper's projected Langevin dynamics (App. F.4): it gives exact
/// log q for the importance-sampled log Z, as the Gaussian proposals do on the box tasks. Draws are
/// made in log space (log-Gamma variates) so that shares far below 1e-300 keep an exact log p.
/// Densities are w.r.t. Lebesgue measure on the (n−1)-simplex in p; the Jacobian to a = Budget·p is a
/// constant and only shifts log Z.
/// </summary>
public static class SimplexProposals
{
    /// <summary>Concentrations of the three components: broad (10), medium (100) and tight (1000) around p*.</summary>
    public static readonly double[] Concentrations = [10, 100, 1000];
    /// <summary>Weight κ of the uniform share in the centre m.</summary>
    public const double Smoothing = 0.05;

    /// <summary>
    /// One proposal a = Budget·p, p ~ q, written to <paramref name="a"/>; returns log q(p).
    /// Component c uniform; log g_i = log Gamma(α_ci) draw; log p_i = log g_i − log Σ_j g_j.
    /// </summary>
    public static double Sample(DataRng rng, ReadOnlySpan<double> aStar, double budget, Span<double> a)
    {
        int n = aStar.Length;
        if (a.Length != n) throw new ArgumentException($"proposal has {a.Length} values, expected {n}", nameof(a));
        var centre = Centre(aStar, budget);
        double conc = Concentrations[rng.NextInt(Concentrations.Length)];
        var logP = new double[n];
        double max = double.NegativeInfinity;
        for (int i = 0; i < n; i++) { logP[i] = GammaFunctions.LogGammaVariate(conc * centre[i], rng.NextDouble, rng.NextNormal); max = Math.Max(max, logP[i]); }
        double z = 0;
        for (int i = 0; i < n; i++) z += Math.Exp(logP[i] - max);
        double logNorm = max + Math.Log(z);
        for (int i = 0; i < n; i++) { logP[i] -= logNorm; a[i] = budget * Math.Exp(logP[i]); }
        return LogDensity(logP, centre);
    }

    /// <summary>m = (1 − κ)·a*/Budget + κ/n.</summary>
    public static double[] Centre(ReadOnlySpan<double> aStar, double budget)
    {
        int n = aStar.Length;
        double total = 0;
        foreach (var v in aStar) total += Math.Max(0, v);
        if (!(total > 0)) throw new ArgumentException("the optimal decision must have a positive total", nameof(aStar));
        var m = new double[n];
        for (int i = 0; i < n; i++) m[i] = (1 - Smoothing) * Math.Max(0, aStar[i]) / total + Smoothing / n;
        return m;
    }

    /// <summary>log q(p) = log (1/3) Σ_c Dir(p; c·m), Dir(p; α) = Γ(Σα)/ΠΓ(α_i) · Π p_i^(α_i − 1), from log p.</summary>
    public static double LogDensity(ReadOnlySpan<double> logP, ReadOnlySpan<double> centre)
    {
        var terms = new double[Concentrations.Length];
        double max = double.NegativeInfinity;
        for (int k = 0; k < Concentrations.Length; k++)
        {
            double c = Concentrations[k], t = MathNet.Numerics.SpecialFunctions.GammaLn(c) - Math.Log(Concentrations.Length);
            for (int i = 0; i < logP.Length; i++)
            {
                double alpha = c * centre[i];
                t += (alpha - 1) * logP[i] - MathNet.Numerics.SpecialFunctions.GammaLn(alpha);
            }
            terms[k] = t;
            max = Math.Max(max, t);
        }
        double s = 0;
        foreach (var t in terms) s += Math.Exp(t - max);
        return max + Math.Log(s);
    }
}
