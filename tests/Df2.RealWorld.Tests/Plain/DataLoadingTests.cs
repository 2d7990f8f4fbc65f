using Df2.Learning.Data.RealWorld;
using Df2.Learning.Tasks.Inventory;
using Df2.Learning.Tasks.Vaccine;
using Df2.Learning.Tasks.Wind;

namespace Df2.RealWorld.Tests.Plain;

/// <summary>Loads the shared data files (facts from their SOURCE.md) and checks the preprocessing.</summary>
public class DataLoadingTests(ITestOutputHelper output)
{
    private static readonly string Root = DataRoot.Resolve();

    [Theory]
    [InlineData("tennet", 727.44)]
    [InlineData("transnetbw", 1506.78)]
    public void Wind_series_is_hourly_and_scaled_to_four_on_train(string source, double rawMax)
    {
        var hourly = WindPowerSeries.LoadHourly(WindPowerSeries.FileFor(Root, source));
        Assert.Equal(397 * 24, hourly.Length);
        Assert.True(hourly.Max() <= rawMax);
        var w = WindowedSeries.Build(hourly, 24, 13, 12, 1, 0.64, 0.16, 4.0, source);
        Assert.Equal(4.0, w.Train.X.Concat(w.Train.Y).Max(), 9);
        Assert.Equal(24, w.InputLength);
        Assert.Equal(12, w.OutputLength);
        // the window at origin t: last x value is s[t−1], first y value is s[t+12]
        int n = hourly.Length, nTrain = (int)Math.Round(0.64 * n);
        Assert.Equal(nTrain - 24 - 24 + 1, w.Train.Count);
        Assert.Equal(hourly[23] * w.Scale, w.Train.X[23], 12);
        Assert.Equal(hourly[24 + 12] * w.Scale, w.Train.Y[0], 12);
        output.WriteLine($"{source}: scale {w.Scale:G6} (4/max_train), windows {w.Train.Count}/{w.Val.Count}/{w.Test.Count}");
    }

    [Fact]
    public void Hourly_wind_is_the_mean_of_the_quarter_hours()
    {
        var path = WindPowerSeries.FileFor(Root, "tennet");
        var q = WindPowerSeries.LoadQuarterHours(path);
        var h = WindPowerSeries.LoadHourly(path);
        Assert.Equal(4 * h.Length, q.Length);
        Assert.Equal((q[4] + q[5] + q[6] + q[7]) / 4.0, h[1]);
        Assert.Equal(9.68, q[0]);
    }

    [Fact]
    public void Inventory_series_store1_item1()
    {
        var s = StoreItemSeries.Load(DataRoot.File(Root, "inventory", "train.csv"), 1, 1);
        Assert.Equal(1826, s.Length);
        Assert.Equal(13, s[0]);
        var w = WindowedSeries.Build(s, 14, 8, 7, 1, 0.64, 0.16, 3.0, "inventory");
        Assert.Equal(3.0, w.Train.X.Concat(w.Train.Y).Max(), 9);
        output.WriteLine($"inventory: scale {w.Scale:G6} (3/max_train), windows {w.Train.Count}/{w.Val.Count}/{w.Test.Count}");
    }

    [Fact]
    public void Bad_wind_row_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wind-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, ["Date," + string.Join(',', Enumerable.Range(0, 96).Select(i => $"q{i}")),
            "01/01/2020," + string.Join(',', Enumerable.Range(0, 95).Select(_ => "1")) + ",x"]);
        var e = Assert.Throws<InvalidDataException>(() => WindPowerSeries.LoadHourly(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("row 2", e.Message);
        File.Delete(path);
    }

    [Fact]
    public void Od_windows_cover_the_papers_period()
    {
        var od = OdDataset.Load(Root);
        Assert.Equal(334, od.NumDays);
        Assert.Equal(321, od.TrainOrigins.Length + od.ValOrigins.Length + od.TestOrigins.Length);
        // mean daily total over the period ≈ 7.69e6 (SOURCE.md)
        double total = od.LogOd.Sum(v => Math.Exp(v) - 1) / od.NumDays;
        Assert.InRange(total, 7.5e6, 7.9e6);
        Assert.Equal(od.Y(od.TrainOrigins[0]), od.X(od.TrainOrigins[0] + 7));
    }

    [Fact]
    public void Seirv_fit_reports_its_error()
    {
        var setup = VaccineSetup.Get(Root);
        var f = setup.Fit;
        output.WriteLine($"sigma={f.Sigma:F4} gamma={f.Gamma:F4} beta[min,median,max]=[{f.Beta.Min():F3},{f.Beta.Order().ElementAt(23):F3},{f.Beta.Max():F3}] " +
                         $"WAPE fit={f.FitWape:F3} ({f.FitWeeks} weeks) holdout={f.HoldoutWape:F3} ({f.HoldoutWeeks} weeks); init {setup.InitialDate}");
        Assert.True(f.FitWape < 1.0 && f.HoldoutWape < 1.0);
        var a = Enumerable.Repeat(VaccineSetup.Budget / 47, 47).ToArray();
        var y = setup.Od.Y(setup.Od.TestOrigins[0]);
        double none = setup.Cost(y, new double[47], [], []), even = setup.Cost(y, a, [], []);
        output.WriteLine($"weekly new infections, test window 0: no vaccine {none:F1}, even split {even:F1}");
        Assert.True(even < none);
    }
}
