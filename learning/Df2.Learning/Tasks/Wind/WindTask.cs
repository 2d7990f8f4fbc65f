using System.Globalization;
using Df2.Kernels.Ops;
using Df2.Learning.Data.RealWorld;
using Df2.Learning.Solvers;

namespace Df2.Learning.Tasks.Wind;

/// <summary>
/// Wind power bidding (App. F.3): x = last 24 hourly values, y = hours 13..24 ahead (12 values,
/// "the upcoming 12th–24th hours"), a = a_E ∈ [0, 4]¹² with a_R fixed at R_min = 0.15, cost
/// <see cref="WindBiddingCost"/>. Data: TenneT (default, the paper's text) or TransnetBW (its link)
/// via parameter <c>source</c>; hourly mean of the 4 quarter-hours; scaled so the training
/// segment's maximum is 4 (= E_max); chronological 64/16/20 split (windows inside each segment).
/// Solver: projected Adam, lr 0.1, 500 iterations.
/// </summary>
public sealed class WindTask(WindowedSeries series, string source, ProjectedAdamSolver solver, CostPath path)
    : SeparableBoxTask("wind", BiddingCost, BiddingCost.Batched, BiddingCost.BatchedExpected, WindBiddingCost.EMin, WindBiddingCost.EMax,
        new TaskData(series.Train, series.Val, series.Test,
            $"wind source={source}, hourly mean of quarter-hours, scale {series.Scale.ToString("G6", CultureInfo.InvariantCulture)} per MW (train max → 4), a_R = R_min"),
        series.InputLength, 1, series.OutputLength, solver, [0.02, 0.05, 0.1], path)
{
    private static readonly WindBiddingCost BiddingCost = new();

    public static WindTask Load(string dataRoot, string source, int stride, ProjectedAdamSolver solver, CostPath path)
    {
        var hourly = WindPowerSeries.LoadHourly(WindPowerSeries.FileFor(dataRoot, source));
        var series = WindowedSeries.Build(hourly, 24, 13, 12, stride, 0.64, 0.16, WindBiddingCost.EMax, $"wind ({source})");
        return new WindTask(series, source, solver, path);
    }
}
