using Df2.Learning.Tasks.Vaccine;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>
/// Eq. 14 with the two gradients on a linear cost F(a) = c·a (hand-computed): the iterate's logits move by −T·η_eff·cᵢ,
/// so p₂ / p₁ = exp(T·η_eff·(c₁ − c₂)) with η_eff = η (dose gradient) or η·Budget (share gradient).
/// </summary>
public class MirrorDescentReadingsTests
{
    private static readonly double[] C = [-1e-4, -2e-4]; // infections per dose: region 2 saves twice as many

    private static double[] Solve(MirrorGradient gradient) =>
        new MirrorDescentSolver(500, 0.01, gradient).Solve(2, 5e6, (a, g) => { C.CopyTo(g, 0); return C[0] * a[0] + C[1] * a[1]; });

    [Fact]
    public void Dose_gradient_as_written_barely_leaves_the_even_split()
    {
        var a = Solve(MirrorGradient.Dose);
        double expectedShare2 = 1 / (1 + Math.Exp(-500 * 0.01 * (C[0] - C[1]))); // = 0.500125
        Assert.Equal(expectedShare2, a[1] / 5e6, 12);
        Assert.Equal(5e6, a[0] + a[1], 6);
    }

    [Fact]
    public void Share_gradient_reaches_the_vertex_of_a_linear_cost()
    {
        var a = Solve(MirrorGradient.Share);
        // T·η·Budget·(c₁ − c₂) = 500·0.01·5e6·1e-4 = 2500: region 1 keeps exp(−2500) of the budget (clamped at 1e-300)
        Assert.True(a[0] < 1e-290, $"a₁ = {a[0]}");
        Assert.Equal(5e6, a[1], 6);
    }

    [Fact]
    public void Vaccine_oracle_stays_the_optimum_when_decisions_use_the_dose_gradient()
    {
        var setup = VaccineSetup.Get(Df2.Learning.Data.RealWorld.DataRoot.Resolve());
        var dose = new VaccineTask(setup, new MirrorDescentSolver(500, 0.01, MirrorGradient.Dose), 0);
        var y = dose.Data.Test.Y.AsSpan(0, dose.YDim);
        var oracle = new double[dose.ADim];
        dose.Oracle(y, oracle);
        var decided = dose.Solve(y.ToArray(), [1.0], CancellationToken.None);
        Assert.Equal(VaccineSetup.Budget, oracle.Max(), 3);                                   // the vertex (see docs/reproduction.md)
        Assert.True(decided.Max() < 1.01 * VaccineSetup.Budget / dose.ADim, $"largest dose share {decided.Max() / VaccineSetup.Budget}");
        Assert.True(dose.Cost(y, decided, [], []) > dose.Cost(y, oracle, [], []) + 100);      // the even split is hundreds of infections worse
    }
}
