namespace Df2.Learning.Solvers;

/// <summary>
/// The objective every method hands to the shared solver: for test point n,
/// G_n(a) = Σ_m w[n, m] · f(y[n, m], a), a weighted set of scenarios. It covers
/// DF2 (scenarios = learned values v_s shared by all points, weights = attention softmax, eq. 4),
/// two-stage GMM (scenarios = 100 samples per point, weights 1/100: SAA) and
/// two-stage PE (one scenario ŷ(x), weight 1).
/// Layout: Values is [2, M] when shared, else [N, 2, M]; Weights is [M] when shared, else [N, M].
/// </summary>
public sealed class ScenarioObjective
{
    public int Points { get; }
    public int Scenarios { get; }
    public double[] Values { get; }
    public bool SharedValues { get; }
    public double[] Weights { get; }
    public bool SharedWeights { get; }

    public ScenarioObjective(int points, int scenarios, double[] values, bool sharedValues, double[] weights, bool sharedWeights)
    {
        int expectedValues = (sharedValues ? 1 : points) * 2 * scenarios;
        int expectedWeights = (sharedWeights ? 1 : points) * scenarios;
        if (values.Length != expectedValues) throw new ArgumentException($"scenario values: expected {expectedValues}, got {values.Length}");
        if (weights.Length != expectedWeights) throw new ArgumentException($"scenario weights: expected {expectedWeights}, got {weights.Length}");
        (Points, Scenarios, Values, SharedValues, Weights, SharedWeights) = (points, scenarios, values, sharedValues, weights, sharedWeights);
    }

    /// <summary>The scenario values of coordinate i for point n.</summary>
    public ReadOnlySpan<double> ValuesOf(int n, int i) =>
        Values.AsSpan(((SharedValues ? 0 : n) * 2 + i) * Scenarios, Scenarios);

    /// <summary>The scenario weights for point n.</summary>
    public ReadOnlySpan<double> WeightsOf(int n) => Weights.AsSpan((SharedWeights ? 0 : n) * Scenarios, Scenarios);

    /// <summary>One deterministic scenario per point (point forecast): values [N, 2].</summary>
    public static ScenarioObjective PointForecast(double[] yHat)
    {
        int n = yHat.Length / 2;
        var values = new double[n * 2];
        Array.Copy(yHat, values, values.Length); // [N, 2, 1] has the same layout as [N, 2]
        return new ScenarioObjective(n, 1, values, false, [1.0], true);
    }
}
