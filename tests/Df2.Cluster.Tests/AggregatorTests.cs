using Df2.GrainInterfaces;
using Df2.Grains;
using Df2.Specs;

namespace Df2.Cluster.Tests;

public class AggregatorTests
{
    [Theory]
    [InlineData(1, 12.7062)]
    [InlineData(4, 2.7764)]
    [InlineData(30, 2.0423)]
    public void T_quantiles_match_tables(int dof, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(0.975, dof), 3);

    [Fact]
    public void Two_sided_p_matches_known_values()
    {
        Assert.Equal(0.05, StudentT.TwoSidedP(2.7764451, 4), 4);
        Assert.Equal(1.0, StudentT.TwoSidedP(0, 7), 10);
        // closed forms: ν = 2: p = 1 − t/√(t²+2); ν = 1: p = 1 − (2/π)·atan t
        Assert.Equal(1 - 1.5 / Math.Sqrt(4.25), StudentT.TwoSidedP(1.5, 2), 10);
        Assert.Equal(0.5, StudentT.TwoSidedP(1, 1), 10);
    }

    private static CellView Done(string task, string method, string variant, int seed, double regret) =>
        new("s", new CellDescription(CellKey.Format(task, method, variant, seed, 0), task, method, variant, [], seed, 0), CellStatus.Done,
            1, null, null, null, null, null, new CellResult(regret, null, null, 1, 1, []), null, null, null, [], 1, 0);

    [Fact]
    public void Summary_has_mean_std_ci_pct_and_paired_p()
    {
        var cells = new List<CellView>();
        double[] df2 = [1.0, 2.0, 3.0], pe = [2.0, 3.5, 4.0], gmm = [1.5, 2.5, 3.5];
        for (var s = 0; s < 3; s++)
        {
            cells.Add(Done("t", "df2", "", s, df2[s]));
            cells.Add(Done("t", "two-stage-pe", "", s, pe[s]));
            cells.Add(Done("t", "two-stage-gmm", "k=3", s, gmm[s]));
        }
        var rows = RegretTable.Summarise(cells);
        var d = rows.Single(r => r.Method == "df2");
        Assert.Equal(3, d.N);
        Assert.Equal(2.0, d.Mean, 12);
        Assert.Equal(1.0, d.Std, 12);
        Assert.Equal(1 / Math.Sqrt(3), d.Se, 12);
        Assert.Equal(2.0 + 4.302653 / Math.Sqrt(3), d.CiHigh, 5);
        // best baseline is gmm (mean 2.5): df2 is 20% below it
        Assert.Equal(-20.0, d.PctVsBestBaseline!.Value, 9);
        Assert.Null(d.PValueVsDf2);
        // gmm − df2 differences are all 0.5 → sd 0 → p reported as 0 (certain difference)
        Assert.Equal(0.0, rows.Single(r => r.Method == "two-stage-gmm").PValueVsDf2);
        // pe − df2 = [1, 1.5, 1]: mean 7/6, sd 0.288675, t = 7.0, dof 2 → p = 0.019804
        Assert.Equal(0.019804, rows.Single(r => r.Method == "two-stage-pe").PValueVsDf2!.Value, 5);
        var md = RegretTable.Render(cells, TableFormat.Markdown);
        Assert.Contains("| two-stage-gmm[k=3] | 2.5 ± 1 (n=3) |", md);
        Assert.Contains("f(y, â(x)) − f(y, a*(y))", md);
        Assert.Contains("\\begin{tabular}{lc}", RegretTable.Render(cells, TableFormat.Latex));
        Assert.StartsWith("task,method,variant,n,mean", RegretTable.Render(cells, TableFormat.Csv));
    }
}
