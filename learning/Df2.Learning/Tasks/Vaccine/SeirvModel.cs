namespace Df2.Learning.Tasks.Vaccine;

/// <summary>
/// Metapopulation SEIRV model of paper eq. (13), integrated with daily forward-Euler steps
/// (Δt = 1 day, T = 7 days). For region k on day t, with normalised OD
/// ỹ[i,k,t] = W[t,i,k] / Σ_j W[t,i,j] (share of region i's trips, incl. stays, that go to k),
/// vaccination v_k = a_k / T per day (capped at S_k + E_k) and mob(X)_k = Σ_{i≠k} ỹ[i,k]X_i − X_k Σ_{j≠k} ỹ[k,j]:
///   S' = S − β S I/N − v S/(S+E) + mob(S)
///   E' = E + β S I/N − σE − v E/(S+E) + mob(E)
///   I' = I + σE − γI + mob(I)
///   R' = R + γI + mob(R)
///   V' = V + v + mob(V).
/// The cost is the number of new infections over the week, Σ_t Σ_k β_k S_k I_k / N_k (the S→E flow).
/// N_k is the census population (constant). R and V do not feed back into the cost.
/// </summary>
public sealed class SeirvModel
{
    public int K { get; }
    public int T { get; }
    public double[] Beta { get; }
    public double[] Sigma { get; }
    public double[] Gamma { get; }
    public double[] N { get; }
    public SeirvState Initial { get; }

    public SeirvModel(double[] beta, double[] sigma, double[] gamma, double[] population, SeirvState initial, int days = 7)
    {
        K = population.Length; T = days;
        if (beta.Length != K || sigma.Length != K || gamma.Length != K || initial.S.Length != K)
            throw new ArgumentException("SEIRV parameters must all have one value per region");
        Beta = beta; Sigma = sigma; Gamma = gamma; N = population; Initial = initial;
    }

    /// <summary>ỹ for one day: W[i,k] / Σ_j W[i,j] (row-normalised, diagonal kept in the denominator).</summary>
    public void Normalise(ReadOnlySpan<double> w, Span<double> tilde, Span<double> rowSum)
    {
        for (int i = 0; i < K; i++)
        {
            double s = 0;
            for (int j = 0; j < K; j++) s += w[i * K + j];
            rowSum[i] = s;
            double inv = s > 0 ? 1.0 / s : 0.0;
            for (int j = 0; j < K; j++) tilde[i * K + j] = w[i * K + j] * inv;
        }
    }

    /// <summary>One Euler step of eq. (13) with normalised OD <paramref name="tilde"/> [K, K]; returns the new infections Σ_k βSI/N.</summary>
    public double Step(SeirvState x, ReadOnlySpan<double> tilde, ReadOnlySpan<double> a, SeirvState next)
    {
        double newInf = 0;
        for (int k = 0; k < K; k++)
        {
            double s = x.S[k], e = x.E[k], i = x.I[k];
            double inf = Beta[k] * s * i / N[k];
            double u = s + e, v = Math.Min(a[k] / T, u);
            double vS = u > 0 ? v * s / u : 0, vE = u > 0 ? v * e / u : 0;
            double outK = 0;
            for (int j = 0; j < K; j++) if (j != k) outK += tilde[k * K + j];
            double mS = -s * outK, mE = -e * outK, mI = -i * outK, mR = -x.R[k] * outK, mV = -x.V[k] * outK;
            for (int src = 0; src < K; src++)
            {
                if (src == k) continue;
                double f = tilde[src * K + k];
                mS += f * x.S[src]; mE += f * x.E[src]; mI += f * x.I[src]; mR += f * x.R[src]; mV += f * x.V[src];
            }
            next.S[k] = s - inf - vS + mS;
            next.E[k] = e + inf - Sigma[k] * e - vE + mE;
            next.I[k] = i + Sigma[k] * e - Gamma[k] * i + mI;
            next.R[k] = x.R[k] + Gamma[k] * i + mR;
            next.V[k] = x.V[k] + v + mV;
            newInf += inf;
        }
        return newInf;
    }

    /// <summary>New infections over T days for OD counts W [T, K, K] (W = OD + 1 when y = log(OD + 1)) and vaccines a [K].</summary>
    public double NewInfections(ReadOnlySpan<double> w, ReadOnlySpan<double> a)
        => Run(w, a, [], []);

    /// <summary>
    /// New infections and, by reverse-mode (adjoint) differentiation of the Euler recursion,
    /// its gradient w.r.t. a (written to <paramref name="gradA"/> when non-empty) and w.r.t. the
    /// OD counts W (written to <paramref name="gradW"/> when non-empty; [T, K, K]).
    /// </summary>
    public double Run(ReadOnlySpan<double> w, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradW)
        => Run(Prepare(w.ToArray()), a, gradA, gradW);

    /// <summary>
    /// The mobility part of one OD tensor W [T, K, K], computed once so that many decisions can be
    /// evaluated on the same scenario (mirror descent, SAA): ỹ[t] = W[t]/rowsum and the row sums.
    /// <paramref name="w"/> is kept by reference (the adjoint reads it) and must not be changed afterwards.
    /// </summary>
    public SeirvMobility Prepare(double[] w)
    {
        int kk = K * K;
        if (w.Length != T * kk) throw new ArgumentException($"OD tensor has {w.Length} values, expected {T}×{K}×{K}", nameof(w));
        var tilde = new double[T * kk];
        var rowSum = new double[T * K];
        for (int t = 0; t < T; t++) Normalise(w.AsSpan(t * kk, kk), tilde.AsSpan(t * kk, kk), rowSum.AsSpan(t * K, K));
        return new SeirvMobility(w, tilde, rowSum);
    }

    /// <summary><see cref="Run(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/> on a prepared OD tensor (same arithmetic, same numbers).</summary>
    public double Run(SeirvMobility mobility, ReadOnlySpan<double> a, Span<double> gradA, Span<double> gradW)
    {
        int kk = K * K;
        if (a.Length != K) throw new ArgumentException($"decision has {a.Length} values, expected {K}", nameof(a));
        var tilde = mobility.Tilde;
        var states = new SeirvState[T + 1];
        states[0] = Initial.Clone();
        double total = 0;
        for (int t = 0; t < T; t++)
        {
            states[t + 1] = new SeirvState(K);
            total += Step(states[t], tilde.AsSpan(t * kk, kk), a, states[t + 1]);
        }
        if (gradA.IsEmpty && gradW.IsEmpty) return total;
        if (!gradA.IsEmpty) gradA.Clear();
        if (!gradW.IsEmpty) gradW.Clear();
        var adj = new SeirvAdjoint(this);
        adj.Backward(states, tilde, mobility.RowSum, mobility.W, a, gradA, gradW);
        return total;
    }
}

/// <summary>One OD tensor W [T, K, K] with its row-normalised form ỹ and row sums (see <see cref="SeirvModel.Prepare"/>).</summary>
public sealed record SeirvMobility(double[] W, double[] Tilde, double[] RowSum);

/// <summary>Compartments S, E, I, R, V per region.</summary>
public sealed class SeirvState(int k)
{
    public double[] S { get; } = new double[k];
    public double[] E { get; } = new double[k];
    public double[] I { get; } = new double[k];
    public double[] R { get; } = new double[k];
    public double[] V { get; } = new double[k];

    public SeirvState Clone()
    {
        var c = new SeirvState(S.Length);
        S.CopyTo(c.S, 0); E.CopyTo(c.E, 0); I.CopyTo(c.I, 0); R.CopyTo(c.R, 0); V.CopyTo(c.V, 0);
        return c;
    }
}
