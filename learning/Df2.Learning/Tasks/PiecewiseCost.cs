using System.Numerics;
using Df2.Kernels.Ops;
using static TorchSharp.torch;

namespace Df2.Learning.Tasks;

/// <summary>
/// The per-coordinate cost family of the paper's synthetic tasks (App. F.2):
/// c(y, a) = α(y−a)₊ + β(a−y)₊ + γ(y−a)₊² + δ(a−y)₊² + ε a³.
/// Convex objective: (α, β, γ, δ, ε) = (5, 20, 0.5, 0.2, 0); non-convex: (0, 0, 10, 2, 4).
/// The scalar members are the reference (hand-computed tests, the test-time solver, the exact lower bound);
/// training uses the batched tensor cost of <see cref="Coefficients"/>.
/// </summary>
public sealed record PiecewiseCost(double Alpha, double Beta, double Gamma, double Delta, double Epsilon) : ICoordinateCost
{
    /// <summary>The same coefficients for the batched tensor cost and the fused DF2 kernels of Df2.Kernels.Ops.</summary>
    public PiecewiseCoefficients Coefficients { get; } = new(Alpha, Beta, Gamma, Delta, Epsilon);

    /// <summary>The fused kernels' form: h = the four hinge terms, p = 0, q = εa³.</summary>
    public CoordinateCost Fused => Coefficients;

    public bool IsConvexInAction => Epsilon == 0 && Alpha >= 0 && Beta >= 0 && Gamma >= 0 && Delta >= 0;

    /// <summary>c(y, a): the kernels' scalar reference (<see cref="PiecewiseCoefficients.Cost"/>).</summary>
    public double Cost(double y, double a) => Coefficients.Cost(y, a);

    /// <summary>∂c/∂y = α·1[y&gt;a] − β·1[a&gt;y] + 2γ(y−a)₊ − 2δ(a−y)₊ (<see cref="PiecewiseCoefficients.DCostDy"/>).</summary>
    public double DCostDy(double y, double a) => Coefficients.DCostDy(y, a);

    /// <summary>∂c/∂a = −∂c/∂y + 3εa² (<see cref="PiecewiseCoefficients.DCostDa"/>).</summary>
    public double DCostDa(double y, double a) => Coefficients.DCostDa(y, a);

    /// <summary>
    /// Σ_m w[m]·c(y[m], a) and its a-derivative in one pass (Vector&lt;double&gt; lanes, scalar tail).
    /// At a kink (y = a) the derivative uses the a-above-y branch: β + 2δ·0.
    /// </summary>
    public (double Value, double Derivative) WeightedCostAndDerivative(ReadOnlySpan<double> y, ReadOnlySpan<double> w, double a)
    {
        int width = Vector<double>.Count, m = 0;
        var va = new Vector<double>(a);
        var zero = Vector<double>.Zero;
        var alpha = new Vector<double>(Alpha); var beta = new Vector<double>(Beta);
        var gamma = new Vector<double>(Gamma); var delta = new Vector<double>(Delta);
        var sumV = zero; var sumD = zero; var sumW = zero;
        for (; m <= y.Length - width; m += width)
        {
            var wm = new Vector<double>(w.Slice(m, width));
            var diff = new Vector<double>(y.Slice(m, width)) - va;
            var up = Vector.Max(diff, zero);
            var down = Vector.Max(-diff, zero);
            sumV += wm * (alpha * up + beta * down + gamma * up * up + delta * down * down);
            var dUp = -(alpha + 2.0 * gamma * up);
            var dDown = beta + 2.0 * delta * down;
            sumD += wm * Vector.ConditionalSelect(Vector.GreaterThan(diff, zero), dUp, dDown);
            sumW += wm;
        }
        double v = Vector.Sum(sumV), d = Vector.Sum(sumD), wsum = Vector.Sum(sumW);
        for (; m < y.Length; m++)
        {
            double diff = y[m] - a, wm = w[m];
            wsum += wm;
            if (diff > 0)
            {
                v += wm * (Alpha * diff + Gamma * diff * diff);
                d -= wm * (Alpha + 2 * Gamma * diff);
            }
            else
            {
                double down = -diff;
                v += wm * (Beta * down + Delta * down * down);
                d += wm * (Beta + 2 * Delta * down);
            }
        }
        v += wsum * Epsilon * a * a * a;
        d += wsum * 3 * Epsilon * a * a;
        return (v, d);
    }

    /// <summary>
    /// E c(Y, a), Y ~ N(μ, σ²), z = (a−μ)/σ, P = Φ(z), Q = 1−Φ(z):
    /// E(Y−a)₊ = σ(φ(z) − zQ), E(a−Y)₊ = σ(zP + φ(z)),
    /// E(Y−a)₊² = σ²((1+z²)Q − zφ(z)), E(a−Y)₊² = σ²((1+z²)P + zφ(z)).
    /// </summary>
    public double ExpectedCost(double mean, double std, double a)
    {
        var m = Moments(mean, std, a);
        return Alpha * m.Up + Beta * m.Down + Gamma * m.Up2 + Delta * m.Down2 + Epsilon * a * a * a;
    }

    /// <summary>d/da E c(Y, a) = −αQ + βP − 2γE(Y−a)₊ + 2δE(a−Y)₊ + 3εa².</summary>
    public double ExpectedCostDerivative(double mean, double std, double a)
    {
        var m = Moments(mean, std, a);
        return -Alpha * m.Q + Beta * m.P - 2 * Gamma * m.Up + 2 * Delta * m.Down + 3 * Epsilon * a * a;
    }

    /// <summary>
    /// (E c(Y, a), d/da E c(Y, a)) for Y ~ N(mean, std²), elementwise on tensors (DFL's Gaussian-smoothed SAA):
    /// the formulas of <see cref="ExpectedCost"/> and <see cref="ExpectedCostDerivative"/> with φ, Φ of <see cref="NormalTensors"/>.
    /// </summary>
    public (Tensor Value, Tensor Slope) ExpectedOnTensors(Tensor mean, double std, Tensor a)
    {
        var z = (a - mean) * (1.0 / std);
        var phi = NormalTensors.Pdf(z);
        var p = NormalTensors.Cdf(z);
        var q = NormalTensors.Cdf(-z);
        var up = ((phi - z * q) * std).clamp_min(0);                        // E(Y−a)₊
        var down = ((z * p + phi) * std).clamp_min(0);                      // E(a−Y)₊
        var z2 = z * z + 1;
        var up2 = ((z2 * q - z * phi) * (std * std)).clamp_min(0);          // E(Y−a)₊²
        var down2 = ((z2 * p + z * phi) * (std * std)).clamp_min(0);        // E(a−Y)₊²
        var value = up * Alpha + down * Beta + up2 * Gamma + down2 * Delta + a.pow(3) * Epsilon;
        var slope = q * -Alpha + p * Beta - up * (2 * Gamma) + down * (2 * Delta) + a.square() * (3 * Epsilon);
        return (value, slope);
    }

    private static (double P, double Q, double Up, double Down, double Up2, double Down2) Moments(double mean, double std, double a)
    {
        double z = (a - mean) / std;
        double phi = NormalMath.Pdf(z), p = NormalMath.Cdf(z), q = NormalMath.Cdf(-z);
        double up = std * (phi - z * q), down = std * (z * p + phi);
        double s2 = std * std;
        double up2 = s2 * ((1 + z * z) * q - z * phi), down2 = s2 * ((1 + z * z) * p + z * phi);
        return (p, q, Math.Max(up, 0), Math.Max(down, 0), Math.Max(up2, 0), Math.Max(down2, 0));
    }

    /// <summary>
    /// Exact argmin over [lo, hi] of c(y, ·): the minimum lies at lo, hi, a = y, or a stationary
    /// point of one of the two polynomial pieces — a &lt; y: 3εa² + 2γa − (α + 2γy) = 0;
    /// a &gt; y: 3εa² + 2δa + (β − 2δy) = 0. All candidates are evaluated, the best is returned.
    /// </summary>
    public double OracleAction(double y, double lo, double hi)
    {
        var candidates = new List<double> { lo, hi, Math.Clamp(y, lo, hi) };
        foreach (var r in QuadraticRoots(3 * Epsilon, 2 * Gamma, -(Alpha + 2 * Gamma * y)))
            if (r < y && r >= lo && r <= hi) candidates.Add(r);
        foreach (var r in QuadraticRoots(3 * Epsilon, 2 * Delta, Beta - 2 * Delta * y))
            if (r > y && r >= lo && r <= hi) candidates.Add(r);
        double best = candidates[0], bestCost = Cost(y, best);
        foreach (var c in candidates)
        {
            double v = Cost(y, c);
            if (v < bestCost) { best = c; bestCost = v; }
        }
        return best;
    }

    /// <summary>Real roots of p x² + q x + r = 0 (linear when p = 0).</summary>
    private static IEnumerable<double> QuadraticRoots(double p, double q, double r)
    {
        if (p == 0)
        {
            if (q != 0) yield return -r / q;
            yield break;
        }
        double disc = q * q - 4 * p * r;
        if (disc < 0) yield break;
        double s = Math.Sqrt(disc);
        yield return (-q - s) / (2 * p);
        yield return (-q + s) / (2 * p);
    }
}
