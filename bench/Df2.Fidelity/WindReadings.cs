using System.Globalization;
using Df2.Kernels.Random;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Tasks.Wind;
using Df2.Learning.Tasks;

namespace Df2.Fidelity;

/// <summary>
/// Which reading of App. F.3 could give the paper's wind column (policy-net 489 and PE 518 against 1-GMM 69)? For each
/// reading of the data preparation (time step, scale, split) it scores reference policies that need no training, with the
/// task's cost c(y, a) (<see cref="WindBiddingCost"/>, a ∈ [0, 4], a_R = R_min) summed over the 12 hours of a window and
/// the per-window oracle a* = clip(y, 0, 4) (exact: a = y costs nothing beyond −P·y + ν·r, and above 4 every a ≤ 4
/// underbids):
/// <list type="bullet">
/// <item>zero: bid nothing (what a policy net collapsed to the lower bound does);</item>
/// <item>persistence PE: bid the last observed value (a point forecast decided on f(ŷ, a), whose argmin is a = ŷ);</item>
/// <item>constant: the best x-independent bid per hour ahead on the training windows (a policy net that ignores x);</item>
/// <item>Gaussian SAA: 100 stratified scenarios ŷ + μ_h + σ_h Φ⁻¹((j + ½)/100) with the training residuals' mean and
/// std per hour ahead (a 1-GMM forecaster around persistence);</item>
/// <item>empirical SAA: 100 quantiles of the training residuals around persistence (a well-calibrated non-Gaussian forecaster).</item>
/// </list>
/// </summary>
public static class WindReadings
{
    private static readonly WindBiddingCost Cost = new();

    public static void Run(string dataRoot, TextWriter o)
    {
        var path = WindPowerSeries.FileFor(dataRoot, "tennet");
        var hourly = WindPowerSeries.LoadHourly(path);
        var quarters = WindPowerSeries.LoadQuarterHours(path);
        double maxTrainH = hourly[..(int)Math.Round(0.64 * hourly.Length)].Max(), maxAll = hourly.Max();
        o.WriteLine($"# wind readings (TenneT, {hourly.Length} hours; training max {maxTrainH:F1}, overall max {maxAll:F1})");
        o.WriteLine();
        o.WriteLine("| reading | train / test windows | test mean y | zero | persistence PE | constant | Gaussian SAA | empirical SAA |");
        o.WriteLine("|---|---|---|---|---|---|---|---|");
        Score(o, "hourly, training max → 4, chronological (ours)", Chronological(hourly, 4));
        Score(o, "hourly, overall max → 4, chronological", Chronological(hourly, 4 * maxTrainH / maxAll));
        Score(o, "hourly, raw / 100, chronological", Chronological(hourly, maxTrainH / 100));
        Score(o, "hourly, training max → 4, windows split at random", Shuffled(hourly, 4 / maxTrainH, seed: 0));
        Score(o, "quarter-hour steps, training max → 4, chronological", Chronological(quarters, 4));
        Score(o, "quarter-hour steps, training max → 4, windows split at random", Shuffled(quarters, 4 / quarters[..(int)Math.Round(0.64 * quarters.Length)].Max(), seed: 0));
        o.WriteLine();
        o.WriteLine("Paper (Table 2, wind): policy-net 489.01, PE 518.19, 1-GMM 69.36, DF2 60.90.");
    }

    private static (WindowedSplit Train, WindowedSplit Test) Chronological(double[] series, double bound)
    {
        var w = WindowedSeries.Build(series, 24, 13, 12, 1, 0.64, 0.16, bound, "wind");
        return (w.Train, w.Test);
    }

    /// <summary>Every window of the whole series (scaled by <paramref name="scale"/>), shuffled, then 64 / 16 / 20.</summary>
    private static (WindowedSplit Train, WindowedSplit Test) Shuffled(double[] series, double scale, int seed)
    {
        var s = series.Select(v => v * scale).ToArray();
        var origins = Enumerable.Range(24, s.Length - 24 - 24 + 1).ToArray();
        var rng = new Rng((ulong)seed + 1);
        for (int i = origins.Length - 1; i > 0; i--) { int j = (int)(rng.NextDouble() * (i + 1)); (origins[i], origins[j]) = (origins[j], origins[i]); }
        int nTrain = (int)Math.Round(0.64 * origins.Length), nVal = (int)Math.Round(0.16 * origins.Length);
        WindowedSplit Cut(int[] os)
        {
            var x = new double[os.Length * 24];
            var y = new double[os.Length * 12];
            for (int n = 0; n < os.Length; n++)
            {
                Array.Copy(s, os[n] - 24, x, n * 24, 24);
                Array.Copy(s, os[n] - 1 + 13, y, n * 12, 12);
            }
            return new WindowedSplit(x, y, os.Length);
        }
        return (Cut(origins[..nTrain]), Cut(origins[(nTrain + nVal)..]));
    }

    private static void Score(TextWriter o, string name, (WindowedSplit Train, WindowedSplit Test) data)
    {
        var (train, test) = data;
        const int H = 12, M = 100;
        var residuals = new double[H][];
        for (int h = 0; h < H; h++)
            residuals[h] = Enumerable.Range(0, train.Count).Select(n => train.Y[n * H + h] - train.X[n * 24 + 23]).Order().ToArray();
        var mu = residuals.Select(r => r.Average()).ToArray();
        var sigma = residuals.Select((r, h) => Math.Sqrt(r.Sum(v => (v - mu[h]) * (v - mu[h])) / (r.Length - 1))).ToArray();
        var z = Enumerable.Range(0, M).Select(j => NormalQuantile((j + 0.5) / M)).ToArray();
        var quant = residuals.Select(r => Enumerable.Range(0, M).Select(j => r[(int)((j + 0.5) / M * r.Length)]).ToArray()).ToArray();
        var constant = Enumerable.Range(0, H).Select(h => Argmin(Enumerable.Range(0, train.Count).Select(n => train.Y[n * H + h]).ToArray())).ToArray();
        double zero = 0, pe = 0, con = 0, gauss = 0, emp = 0, mean = 0;
        var scen = new double[M];
        for (int n = 0; n < test.Count; n++)
        {
            double last = test.X[n * 24 + 23];
            for (int h = 0; h < H; h++)
            {
                double y = test.Y[n * H + h];
                double best = Cost.Cost(y, Math.Clamp(y, WindBiddingCost.EMin, WindBiddingCost.EMax));
                double Regret(double a) => Cost.Cost(y, a) - best;
                mean += y;
                zero += Regret(0);
                pe += Regret(Math.Clamp(last, WindBiddingCost.EMin, WindBiddingCost.EMax));
                con += Regret(constant[h]);
                for (int j = 0; j < M; j++) scen[j] = last + mu[h] + sigma[h] * z[j];
                gauss += Regret(Argmin(scen));
                for (int j = 0; j < M; j++) scen[j] = last + quant[h][j];
                emp += Regret(Argmin(scen));
            }
        }
        double c = test.Count;
        string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);
        o.WriteLine($"| {name} | {train.Count} / {test.Count} | {F(mean / (c * H))} | {F(zero / c)} | {F(pe / c)} | {F(con / c)} | {F(gauss / c)} | {F(emp / c)} |");
    }

    /// <summary>argmin over a ∈ [0, 4] of Σ_j c(s_j, a): grid of step 0.01, then step 0.0005 around the best point.</summary>
    private static double Argmin(double[] scenarios)
    {
        double Obj(double a) { double t = 0; foreach (var s in scenarios) t += Cost.Cost(s, a); return t; }
        double best = 0, bestV = double.PositiveInfinity;
        for (int i = 0; i <= 400; i++) { double a = i * 0.01, v = Obj(a); if (v < bestV) { bestV = v; best = a; } }
        double center = best;
        for (int i = -20; i <= 20; i++)
        {
            double a = Math.Clamp(center + i * 0.0005, WindBiddingCost.EMin, WindBiddingCost.EMax), v = Obj(a);
            if (v < bestV) { bestV = v; best = a; }
        }
        return best;
    }

    /// <summary>Φ⁻¹(p) by bisection on Φ (accurate to 1e-12; used for 100 fixed points only).</summary>
    private static double NormalQuantile(double p)
    {
        double lo = -10, hi = 10;
        for (int i = 0; i < 100; i++)
        {
            double mid = (lo + hi) / 2;
            if (NormalMath.Cdf(mid) < p) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }
}
