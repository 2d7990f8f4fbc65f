using Df2.Learning.Data;
using Df2.Learning.Tasks;
using Df2.Learning.Data.RealWorld;

namespace Df2.Learning.Methods.DecisionFocused;

/// <summary>
/// LODL's WeightedMSE surrogate (Shah et al. 2022) with grouped weights, for a budget-simplex task
/// whose label has too many coordinates for one weight each (vaccine: 7·47·47 = 15 463 from ~50
/// perturbations). Coordinates are partitioned into G groups (vaccine: the origin prefecture i of
/// OD[t, i, k], G = 47, so a weight says how much errors in one region's outgoing trips matter):
///   LODL_n(ŷ) = Σ_g w_{n,g} Σ_{i ∈ g} (ŷ_i − y_{n,i})², w ≥ 0.
/// Fit per training row n over K = <c>lodl_perturbations</c> perturbed labels ŷ_k = y_n + ε_k:
/// the true decision loss DL_n(ŷ_k) = f(y_n, a*(ŷ_k)) − f(y_n, a*(y_n)) (a* by the task's mirror
/// descent) is regressed on the group features φ_{k,g} = Σ_{i ∈ g} ε_{k,i}² by non-negative least
/// squares, w_n = argmin_{w ≥ 0} ‖Φ w − DL‖² (Lawson–Hanson). Perturbations: ε_{k,i} = σ·s_{k,g(i)}·z_{k,i},
/// z ~ N(0, 1), with one scale per group s ~ U(0, √3) (E s² = 1, so each coordinate still has variance
/// σ², σ = <c>lodl_sigma</c> in y = log(OD + 1) space). Our choice: with equal scales every φ_{k,g} is
/// ≈ (group size)·σ² ± 8 % and the K × G design is nearly rank one; the random group scales make the
/// weights identifiable. With K &lt; G the NNLS solution has at most K non-zero weights.
/// Deterministic in the training seed (one stream per row), rows fitted in parallel.
/// </summary>
public static class GroupedLodlFit
{
    /// <summary>Group of coordinate i of y [T, R, R] (OD[t, origin, destination]): the origin (i / R) mod R.</summary>
    public static int[] OriginGroups(int yDim, int regions)
    {
        if (regions <= 0 || yDim % (regions * regions) != 0)
            throw new ArgumentException($"label of {yDim} values is not [T, {regions}, {regions}]", nameof(regions));
        var g = new int[yDim];
        for (int i = 0; i < yDim; i++) g[i] = i / regions % regions;
        return g;
    }

    /// <summary>Fitted weights [n_train, G] (row-major) for the rows of <paramref name="train"/>.</summary>
    public static double[] Fit(SimplexDecisions problem, WindowedSplit train, int[] groups, int groupCount,
        int perturbations, double sigma, int seed, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (groups.Length != problem.YDim) throw new ArgumentException($"groups has {groups.Length} entries, expected {problem.YDim}", nameof(groups));
        if (perturbations < 1) throw new ArgumentException("at least one perturbation is needed", nameof(perturbations));
        if (!(sigma > 0)) throw new ArgumentException($"sigma must be positive, got {sigma}", nameof(sigma));
        int yd = problem.YDim;
        var w = new double[train.Count * groupCount];
        Parallel.For(0, train.Count, new ParallelOptions { CancellationToken = cancel }, n =>
        {
            var y = train.Y.AsSpan(n * yd, yd).ToArray();
            var rng = DataRng.For("lodl-grouped", seed, n);
            var (phi, dl) = DecisionLosses(problem, y, groups, groupCount, perturbations, sigma, rng, cancel);
            SmallDenseAlgebra.NonNegativeLeastSquares(phi, dl).CopyTo(w, n * groupCount);
        });
        return w;
    }

    /// <summary>Design Φ [K, G] (φ_{k,g} = Σ_{i∈g} ε_{k,i}²) and targets DL [K] for one label y.</summary>
    public static (double[,] Phi, double[] Dl) DecisionLosses(SimplexDecisions problem, double[] y, int[] groups, int groupCount,
        int perturbations, double sigma, DataRng rng, CancellationToken cancel = default)
    {
        var truth = problem.Prepare(y);
        double best = truth.Cost(problem.Argmin(y, cancel), [], []);                   // f(y, a*(y))
        var phi = new double[perturbations, groupCount];
        var dl = new double[perturbations];
        var scale = new double[groupCount];
        var yHat = new double[y.Length];
        for (int k = 0; k < perturbations; k++)
        {
            for (int g = 0; g < groupCount; g++) scale[g] = Math.Sqrt(3) * rng.NextDouble();    // s ~ U(0, √3)
            for (int i = 0; i < y.Length; i++)
            {
                double e = sigma * scale[groups[i]] * rng.NextNormal();                      // ε_i = σ s_g z_i
                yHat[i] = y[i] + e;
                phi[k, groups[i]] += e * e;                                                  // φ_{k,g} = Σ_{i∈g} ε_i²
            }
            dl[k] = truth.Cost(problem.Argmin(yHat, cancel), [], []) - best;                // DL = f(y, a*(ŷ)) − f(y, a*(y))
        }
        return (phi, dl);
    }
}
