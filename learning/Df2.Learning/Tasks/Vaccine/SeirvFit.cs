namespace Df2.Learning.Tasks.Vaccine;

/// <summary>Result of <see cref="SeirvFit"/>: parameters plus the fit's error.</summary>
public sealed record SeirvFitResult(double[] Beta, double Sigma, double Gamma, double FitWape, double HoldoutWape, int FitWeeks, int HoldoutWeeks);

/// <summary>
/// Fits the SEIRV parameters to the confirmed-case data (the paper says "maximum likelihood" and
/// gives no values; this is our documented least-squares stand-in):
/// <list type="bullet">
/// <item>Initial compartments on day d are read off the cumulative cases C (no under-reporting
/// factor): I = C(d) − C(d − ⌈1/γ⌉) (cases still infectious), E = (C(d) − C(d−7))/7 / σ (steady
/// state: the E→I flow σE equals the daily reported cases), R = C(d) − I, V = 0, S = N − E − I − R.</item>
/// <item>Weekly one-step-ahead fit: for each non-overlapping week of the fit period the model starts
/// from the data-derived state and predicts that week's reported cases Σ_t σE_k(t); the loss is
/// Σ (log(1+pred) − log(1+obs))² over weeks and regions.</item>
/// <item>β_k ∈ [0.01, 1.5] per region by golden-section search with mobility switched off (regions
/// decouple; mobility is a small daily exchange), σ ∈ {1/3,…,1/7} and γ ∈ {1/5, 1/7, 1/10, 1/14}
/// shared, by grid search.</item>
/// <item>Error reported as WAPE = Σ|pred − obs| / Σ obs of weekly cases, on the fit weeks and on
/// held-out weeks, both computed with the full model including the given OD mobility.</item>
/// </list>
/// </summary>
public static class SeirvFit
{
    public static readonly double[] SigmaGrid = [1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 6, 1.0 / 7];
    public static readonly double[] GammaGrid = [1.0 / 5, 1.0 / 7, 1.0 / 10, 1.0 / 14];

    /// <summary>Initial state on infection-data day <paramref name="day"/> as described above.</summary>
    public static SeirvState InitialState(EpidemicData data, int day, double sigma, double gamma)
    {
        int K = EpidemicData.Regions;
        var x = new SeirvState(K);
        int infectious = (int)Math.Ceiling(1.0 / gamma);
        for (int k = 0; k < K; k++)
        {
            double c = data.Cum(day, k);
            double i = c - data.Cum(day - infectious, k);
            double e = (c - data.Cum(day - 7, k)) / 7.0 / sigma;
            x.I[k] = i; x.E[k] = e; x.R[k] = c - i; x.V[k] = 0;
            x.S[k] = data.Population[k] - e - i - x.R[k];
        }
        return x;
    }

    /// <summary>
    /// Fit on weeks starting at the given infection-data days; <paramref name="odForWeek"/> returns the
    /// OD counts W [7, 47, 47] of the week starting at a day (used only for the error with mobility).
    /// </summary>
    public static SeirvFitResult Fit(EpidemicData data, int[] fitWeekStarts, int[] holdoutWeekStarts, Func<int, double[]> odForWeek)
    {
        int K = EpidemicData.Regions;
        double bestLoss = double.PositiveInfinity;
        double[] bestBeta = new double[K];
        double bestSigma = 0, bestGamma = 0;
        foreach (var sigma in SigmaGrid)
            foreach (var gamma in GammaGrid)
            {
                var beta = new double[K];
                double loss = 0;
                for (int k = 0; k < K; k++)
                {
                    int region = k;
                    beta[k] = GoldenSection(b => RegionLoss(data, fitWeekStarts, region, b, sigma, gamma), 0.01, 1.5, 40);
                    loss += RegionLoss(data, fitWeekStarts, k, beta[k], sigma, gamma);
                }
                if (loss < bestLoss) { bestLoss = loss; bestBeta = beta; bestSigma = sigma; bestGamma = gamma; }
            }
        double fitWape = Wape(data, fitWeekStarts, bestBeta, bestSigma, bestGamma, odForWeek);
        double holdWape = holdoutWeekStarts.Length > 0 ? Wape(data, holdoutWeekStarts, bestBeta, bestSigma, bestGamma, odForWeek) : double.NaN;
        return new SeirvFitResult(bestBeta, bestSigma, bestGamma, fitWape, holdWape, fitWeekStarts.Length, holdoutWeekStarts.Length);
    }

    /// <summary>Model of one region without mobility over 7 days; returns the predicted reported cases Σ σE.</summary>
    private static double RegionWeekCases(EpidemicData data, int start, int k, double beta, double sigma, double gamma)
    {
        var x = InitialState(data, start, sigma, gamma);
        double s = x.S[k], e = x.E[k], i = x.I[k], n = data.Population[k], cases = 0;
        for (int t = 0; t < 7; t++)
        {
            double inf = beta * s * i / n, prog = sigma * e, rec = gamma * i;
            cases += prog;
            s -= inf; e += inf - prog; i += prog - rec;
        }
        return cases;
    }

    private static double RegionLoss(EpidemicData data, int[] starts, int k, double beta, double sigma, double gamma)
    {
        double loss = 0;
        foreach (var d in starts)
        {
            double pred = RegionWeekCases(data, d, k, beta, sigma, gamma);
            double obs = data.Cum(d + 7, k) - data.Cum(d, k);
            double r = Math.Log(1 + Math.Max(pred, 0)) - Math.Log(1 + obs);
            loss += r * r;
        }
        return loss;
    }

    /// <summary>WAPE of weekly reported cases Σ_t σ_k E_k(t) from the full model with mobility.</summary>
    public static double Wape(EpidemicData data, int[] starts, double[] beta, double sigma, double gamma, Func<int, double[]> odForWeek)
    {
        int K = EpidemicData.Regions;
        double absErr = 0, total = 0;
        var sig = Enumerable.Repeat(sigma, K).ToArray();
        var gam = Enumerable.Repeat(gamma, K).ToArray();
        var noVaccine = new double[K];
        foreach (var d in starts)
        {
            var model = new SeirvModel(beta, sig, gam, data.Population, InitialState(data, d, sigma, gamma));
            var w = odForWeek(d);
            var tilde = new double[K * K];
            var rows = new double[K];
            var x = model.Initial.Clone();
            var cases = new double[K];
            for (int t = 0; t < 7; t++)
            {
                model.Normalise(w.AsSpan(t * K * K, K * K), tilde, rows);
                for (int k = 0; k < K; k++) cases[k] += sigma * x.E[k];
                var next = new SeirvState(K);
                model.Step(x, tilde, noVaccine, next);
                x = next;
            }
            for (int k = 0; k < K; k++)
            {
                double obs = data.Cum(d + 7, k) - data.Cum(d, k);
                absErr += Math.Abs(cases[k] - obs);
                total += obs;
            }
        }
        return total > 0 ? absErr / total : double.NaN;
    }

    private static double GoldenSection(Func<double, double> f, double lo, double hi, int iterations)
    {
        double phi = (Math.Sqrt(5) - 1) / 2;
        double c = hi - phi * (hi - lo), d = lo + phi * (hi - lo);
        double fc = f(c), fd = f(d);
        for (int it = 0; it < iterations; it++)
        {
            if (fc < fd) { hi = d; d = c; fd = fc; c = hi - phi * (hi - lo); fc = f(c); }
            else { lo = c; c = d; fc = fd; d = lo + phi * (hi - lo); fd = f(d); }
        }
        return (lo + hi) / 2;
    }
}
