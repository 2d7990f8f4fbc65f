namespace Df2.Learning.Tasks.LlmProvisioning;

/// <summary>
/// The form both reward presets share, in double precision (the scalar reference of <see cref="ProvisioningCost"/>): with
/// p = (a − <paramref name="Offset"/>)/<paramref name="Scale"/> and q = (c − Offset)/Scale in tokens (floored at 0 when
/// <paramref name="Floor"/>), fill = min(p / max(q, 10⁻¹²), 1),
/// R = U·q·ln(A·fill + 1) − C₁·min(p, q) − C₂·(p − q)₊ — the tensor forms of <see cref="PaperObjective.Reward"/> and
/// <see cref="CodeObjective.Reward"/> written once (a test checks they agree).
/// </summary>
public sealed record RewardShape(double Offset, double Scale, bool Floor, double A, double U, double C1, double C2)
{
    private const double QFloor = 1e-12;

    /// <summary>R(a, c) with a and c in tokens.</summary>
    public double Reward(double aTokens, double cTokens) => Evaluate(aTokens, cTokens).R;

    /// <summary>R(a, c) and its partial derivatives ∂R/∂a, ∂R/∂c (tokens); at a kink the branch p ≥ q / the floor's upper side.</summary>
    public (double R, double DA, double DC) Evaluate(double aTokens, double cTokens)
    {
        double pRaw = (aTokens - Offset) / Scale, qRaw = (cTokens - Offset) / Scale;
        double p = Floor ? Math.Max(pRaw, 0) : pRaw, q = Floor ? Math.Max(qRaw, 0) : qRaw;
        double dpda = !Floor || pRaw > 0 ? 1 / Scale : 0, dqdc = !Floor || qRaw > 0 ? 1 / Scale : 0;
        double qc = Math.Max(q, QFloor), ratio = p / qc;
        double utility, dUdp, dUdq;
        if (ratio < 1)
        {
            double inner = A * ratio + 1;
            utility = U * q * Math.Log(inner);
            dUdp = U * q * A / (qc * inner);
            // q ≥ floor: d/dq [q·ln(A·p/q + 1)] = ln(·) − A·(p/q)/(·); below it the ratio's denominator is a constant
            dUdq = q >= QFloor ? U * (Math.Log(inner) - A * ratio / inner) : U * Math.Log(inner);
        }
        else
        {
            utility = U * q * Math.Log(A + 1);
            dUdp = 0;
            dUdq = U * Math.Log(A + 1);
        }
        bool under = p < q;
        double cost = C1 * Math.Min(p, q) + C2 * Math.Max(p - q, 0);
        double dCdp = under ? C1 : C2, dCdq = under ? 0 : C1 - C2;
        return (utility - cost, (dUdp - dCdp) * dpda, (dUdq - dCdq) * dqdc);
    }
}
