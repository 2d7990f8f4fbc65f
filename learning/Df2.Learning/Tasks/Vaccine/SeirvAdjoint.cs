namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Reverse-mode derivative of <see cref="SeirvModel"/>'s weekly new infections. With adjoints
/// (gS, gE, gI) of the next state, the step's contributions are, per region k:
///   inf = βSI/N enters the cost (+1), S (−1) and E (+1): d = 1 − gS + gE; ∂S += dβI/N, ∂I += dβS/N;
///   vaccination L = −v(gS·S + gE·E)/(S+E): ∂S += −vE(gS−gE)/u², ∂E += −vS(gE−gS)/u², ∂v = −(gS S + gE E)/u
///   (capped v = S+E: ∂S += −gS, ∂E += −gE, no gradient to a);
///   σ: ∂E += σ(gI − gE); γ: ∂I += −γ gI; identity: ∂X += gX;
///   mobility: ∂X_i += Σ_{k≠i} ỹ[i,k](gX_k − gX_i); ∂ỹ[i,k] += Σ_X X_i(gX_k − gX_i).
/// ỹ = W/rowsum: ∂W[i,j] = ∂ỹ[i,j]·1[j≠i]/r_i − Σ_{k≠i} ∂ỹ[i,k] W[i,k]/r_i².
/// R and V never reach the cost, so their adjoints are zero.
/// </summary>
internal sealed class SeirvAdjoint(SeirvModel m)
{
    public void Backward(SeirvState[] states, double[] tilde, double[] rowSum, ReadOnlySpan<double> w,
        ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradW)
    {
        int K = m.K, T = m.T, kk = K * K;
        var gS = new double[K]; var gE = new double[K]; var gI = new double[K];
        var nS = new double[K]; var nE = new double[K]; var nI = new double[K];
        var gTilde = new double[kk];
        bool wantW = !gradW.IsEmpty;                 // ∂ỹ is only needed for the OD gradient
        for (int t = T - 1; t >= 0; t--)
        {
            var x = states[t];
            var yt = tilde.AsSpan(t * kk, kk);
            if (wantW) Array.Clear(gTilde);
            for (int k = 0; k < K; k++)
            {
                double s = x.S[k], e = x.E[k], i = x.I[k];
                double dS = gS[k], dE = gE[k], dI = gI[k];
                // identity
                double accS = dS, accE = dE, accI = dI;
                // infection flow
                double d = 1 - dS + dE;
                accS += d * m.Beta[k] * i / m.N[k];
                accI += d * m.Beta[k] * s / m.N[k];
                // vaccination
                double u = s + e, raw = a[k] / T;
                if (raw >= u)
                {
                    accS += -dS; accE += -dE;
                }
                else if (u > 0)
                {
                    double v = raw;
                    accS += -v * e * (dS - dE) / (u * u);
                    accE += -v * s * (dE - dS) / (u * u);
                    if (!gradA.IsEmpty) gradA[k] += -(dS * s + dE * e) / u / T;
                }
                // progression and recovery
                accE += m.Sigma[k] * (dI - dE);
                accI += -m.Gamma[k] * dI;
                // mobility out of k: Σ_{j≠k} ỹ[k,j](g_j − g_k)
                for (int j = 0; j < K; j++)
                {
                    if (j == k) continue;
                    double f = yt[k * K + j];
                    accS += f * (gS[j] - dS);
                    accE += f * (gE[j] - dE);
                    accI += f * (gI[j] - dI);
                }
                if (wantW)
                    for (int j = 0; j < K; j++)
                        if (j != k) gTilde[k * K + j] = s * (gS[j] - dS) + e * (gE[j] - dE) + i * (gI[j] - dI);
                nS[k] = accS; nE[k] = accE; nI[k] = accI;
            }
            if (wantW)
            {
                var gw = gradW.Slice(t * kk, kk);
                var wt = w.Slice(t * kk, kk);
                for (int r = 0; r < K; r++)
                {
                    double rs = rowSum[t * K + r];
                    if (rs <= 0) continue;
                    double dot = 0;
                    for (int c = 0; c < K; c++) if (c != r) dot += gTilde[r * K + c] * wt[r * K + c];
                    for (int c = 0; c < K; c++)
                        gw[r * K + c] += (c != r ? gTilde[r * K + c] / rs : 0) - dot / (rs * rs);
                }
            }
            (gS, nS) = (nS, gS); (gE, nE) = (nE, gE); (gI, nI) = (nI, gI);
        }
    }
}
