namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// Small dense linear algebra for the decision-focused baselines on the vaccine task (matrices of at
/// most a few hundred rows): symmetric eigen-decomposition (cyclic Jacobi), a positive-definite
/// "clipped" solve, Householder least squares and Lawson–Hanson non-negative least squares.
/// Matrices are row-major <c>double[rows, cols]</c>.
/// </summary>
public static class SmallDenseAlgebra
{
    /// <summary>
    /// Eigen-decomposition A = V diag(λ) Vᵀ of a symmetric matrix by cyclic Jacobi rotations
    /// (Golub &amp; Van Loan §8.5): sweeps until the off-diagonal Frobenius norm is below 1e-14·‖A‖_F.
    /// Column j of the returned V is the eigenvector of λ_j.
    /// </summary>
    public static (double[] Values, double[,] Vectors) SymmetricEigen(double[,] matrix)
    {
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("matrix must be square", nameof(matrix));
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++) v[i, i] = 1;
        double norm = 0;
        foreach (var x in a) norm += x * x;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += 2 * a[p, q] * a[p, q];
            if (off <= 1e-28 * norm || off == 0) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    // rotation angle: tan 2θ = 2a_pq / (a_qq − a_pp); t = tan θ (smaller root)
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq; a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk; a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq; v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = a[i, i];
        return (values, v);
    }

    /// <summary>
    /// x = H̃⁻¹ r with H̃ the positive-definite modification of the symmetric part of H:
    /// H_s = (H + Hᵀ)/2 = V diag(λ) Vᵀ, λ̃_i = max(|λ_i|, ρ·max_j |λ_j|), H̃ = V diag(λ̃) Vᵀ
    /// (absolute value as in saddle-free Newton, floored at ρ times the largest curvature).
    /// Returns zeros when H = 0 (no curvature information).
    /// </summary>
    public static double[] ClippedPdSolve(double[,] h, ReadOnlySpan<double> r, double rho)
    {
        int n = h.GetLength(0);
        if (r.Length != n) throw new ArgumentException($"right-hand side has {r.Length} values, expected {n}", nameof(r));
        var sym = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sym[i, j] = 0.5 * (h[i, j] + h[j, i]);
        var (lambda, v) = SymmetricEigen(sym);
        double max = 0;
        foreach (var l in lambda) max = Math.Max(max, Math.Abs(l));
        var x = new double[n];
        if (max == 0) return x;
        for (int k = 0; k < n; k++)
        {
            double proj = 0;
            for (int i = 0; i < n; i++) proj += v[i, k] * r[i];
            double coef = proj / Math.Max(Math.Abs(lambda[k]), rho * max);
            for (int i = 0; i < n; i++) x[i] += coef * v[i, k];
        }
        return x;
    }

    /// <summary>
    /// Least squares min_s ‖A_cols s − b‖ over the listed columns of A (m × n) by Householder QR;
    /// a column whose R diagonal is below 1e-12·max|R_jj| gets s_j = 0 (rank-deficient safe).
    /// </summary>
    public static double[] LeastSquares(double[,] a, ReadOnlySpan<double> b, IReadOnlyList<int> cols)
    {
        int m = a.GetLength(0), p = cols.Count;
        var q = new double[m, p];
        for (int i = 0; i < m; i++) for (int j = 0; j < p; j++) q[i, j] = a[i, cols[j]];
        var rhs = b.ToArray();
        var diag = new double[p];
        for (int j = 0; j < Math.Min(p, m); j++)
        {
            double norm = 0;
            for (int i = j; i < m; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            if (norm == 0) continue;
            double alpha = q[j, j] > 0 ? -norm : norm;          // R_jj; sign avoids cancellation
            q[j, j] -= alpha;                                     // Householder vector v = x − αe₁ (stored in column j)
            double vv = 0;
            for (int i = j; i < m; i++) vv += q[i, j] * q[i, j];
            for (int k = j + 1; k < p; k++) Reflect(q, j, k, vv, m);
            double dot = 0;
            for (int i = j; i < m; i++) dot += q[i, j] * rhs[i];
            for (int i = j; i < m; i++) rhs[i] -= 2 * dot / vv * q[i, j];
            diag[j] = alpha;
        }
        double maxDiag = 0;
        foreach (var d in diag) maxDiag = Math.Max(maxDiag, Math.Abs(d));
        var s = new double[p];
        for (int j = Math.Min(p, m) - 1; j >= 0; j--)                // back substitution R s = Qᵀb
        {
            if (Math.Abs(diag[j]) <= 1e-12 * maxDiag) continue;
            double acc = rhs[j];
            for (int k = j + 1; k < p; k++) acc -= q[j, k] * s[k];
            s[j] = acc / diag[j];
        }
        return s;
    }

    private static void Reflect(double[,] q, int j, int k, double vv, int m)
    {
        double dot = 0;
        for (int i = j; i < m; i++) dot += q[i, j] * q[i, k];
        for (int i = j; i < m; i++) q[i, k] -= 2 * dot / vv * q[i, j];
    }

    /// <summary>
    /// Non-negative least squares min_{x ≥ 0} ‖A x − b‖ (Lawson &amp; Hanson 1974, ch. 23): grow the
    /// passive set by the most positive component of the dual w = Aᵀ(b − Ax), solve the unconstrained
    /// problem on it, and step back along the segment whenever a passive component would turn ≤ 0.
    /// Stops when every active dual component is ≤ 1e-10·max(1, ‖Aᵀb‖∞) (or after 3n outer iterations).
    /// </summary>
    public static double[] NonNegativeLeastSquares(double[,] a, ReadOnlySpan<double> b)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        if (b.Length != m) throw new ArgumentException($"b has {b.Length} values, expected {m}", nameof(b));
        var x = new double[n];
        var passive = new bool[n];
        double tol = 1e-10 * Math.Max(1, Dual(a, b, x).Select(Math.Abs).Max());
        for (int outer = 0; outer < 3 * n; outer++)
        {
            var w = Dual(a, b, x);
            int best = -1;
            for (int j = 0; j < n; j++) if (!passive[j] && w[j] > tol && (best < 0 || w[j] > w[best])) best = j;
            if (best < 0) break;
            passive[best] = true;
            while (true)
            {
                var cols = Enumerable.Range(0, n).Where(j => passive[j]).ToArray();
                var s = LeastSquares(a, b, cols);
                if (s.All(v => v > 0))
                {
                    Array.Clear(x);
                    for (int k = 0; k < cols.Length; k++) x[cols[k]] = s[k];
                    break;
                }
                // step from x towards s until the first passive component reaches 0
                double alpha = 1;
                for (int k = 0; k < cols.Length; k++)
                    if (s[k] <= 0)
                    {
                        double gap = x[cols[k]] - s[k];
                        alpha = Math.Min(alpha, gap > 0 ? x[cols[k]] / gap : 0);
                    }
                for (int k = 0; k < cols.Length; k++) x[cols[k]] += alpha * (s[k] - x[cols[k]]);
                foreach (int j in cols) if (x[j] <= 1e-15) { x[j] = 0; passive[j] = false; }
                if (!passive.Any(p => p)) break;
            }
        }
        return x;
    }

    private static double[] Dual(double[,] a, ReadOnlySpan<double> b, double[] x)
    {
        int m = a.GetLength(0), n = a.GetLength(1);
        var resid = new double[m];
        for (int i = 0; i < m; i++)
        {
            double r = b[i];
            for (int j = 0; j < n; j++) r -= a[i, j] * x[j];
            resid[i] = r;
        }
        var w = new double[n];
        for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) w[j] += a[i, j] * resid[i];
        return w;
    }
}
