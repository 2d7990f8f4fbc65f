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
    public void The_table_names_each_tasks_regret()
    {
        // one formula when the tasks share it; one per group of tasks when they differ (llm-provisioning: the normalised avg-5)
        Assert.Equal(Df2.Learning.Plugins.ITaskPlugin.PerSampleRegret, RegretTable.RegretFormula(["wind", "inventory"]));
        Assert.Equal(Df2.Learning.Tasks.LlmProvisioning.LlmProvisioningTask.RegretFormula, RegretTable.RegretFormula(["llm-provisioning"]));
        var both = RegretTable.RegretFormula(["wind", "llm-provisioning"]);
        Assert.StartsWith("on wind: regret = mean over test samples", both);
        Assert.Contains("; on llm-provisioning: regret = regret_avg5", both);
        Assert.Equal(Df2.Learning.Plugins.ITaskPlugin.PerSampleRegret, RegretTable.RegretFormula(["spin-task"]));
    }

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
        Assert.Null(d.PValueVsReference);
        // gmm − df2 differences are all 0.5 → sd 0 → p reported as 0 (certain difference)
        Assert.Equal(0.0, rows.Single(r => r.Method == "two-stage-gmm").PValueVsReference);
        // pe − df2 = [1, 1.5, 1]: mean 7/6, sd 0.288675, t = 7.0, dof 2 → p = 0.019804
        Assert.Equal(0.019804, rows.Single(r => r.Method == "two-stage-pe").PValueVsReference!.Value, 5);
        var md = RegretTable.Render(cells, TableFormat.Markdown);
        Assert.Contains("| two-stage-gmm[k=3] | 2.5 ± 1 (n=3) |", md);
        Assert.Contains("f(y, â(x)) − f(y, a*(y))", md);
        Assert.Contains("\\begin{tabular}{lc}", RegretTable.Render(cells, TableFormat.Latex));
        Assert.StartsWith("task,method,variant,n,mean", RegretTable.Render(cells, TableFormat.Csv));
    }

    [Fact]
    public void A_3dl_table_pairs_every_row_against_its_first_3dl_row_and_baselines_exclude_3dl()
    {
        var cells = new List<CellView>();
        double[] main = [1.0, 2.0, 3.0], frozen = [1.5, 2.0, 3.1], dfl = [2.0, 3.0, 5.0];
        for (var s = 0; s < 3; s++)
        {
            cells.Add(Done("llm", "dfl", "", s, dfl[s]));
            cells.Add(Done("llm", "3dl", "adv_lr=0.001", s, main[s]));
            cells.Add(Done("llm", "3dl", "adv_lr=0", s, frozen[s]));
        }
        var rows = RegretTable.Summarise(cells);
        var reference = rows.Single(r => r.Variant == "adv_lr=0.001");
        Assert.Null(reference.PValueVsReference);
        // frozen − main = [0.5, 0, 0.1]: mean 0.2, sd 0.264575, t = 1.309307, dof 2 → p = 0.32063
        var ablation = rows.Single(r => r.Variant == "adv_lr=0");
        Assert.Equal("3dl[adv_lr=0.001]", ablation.Reference);
        Assert.Equal(0.32063, ablation.PValueVsReference!.Value, 4);
        // dfl − main = [1, 1, 2]: mean 4/3, sd 0.57735, t = 4.0, dof 2 → p = 0.057191
        Assert.Equal(0.057191, rows.Single(r => r.Method == "dfl").PValueVsReference!.Value, 5);
        // the only baseline is dfl (mean 10/3): the reference row (mean 2) is 40 % below it
        Assert.Equal(-40.0, reference.PctVsBestBaseline!.Value, 9);
        Assert.Contains("(3dl[adv_lr=0.001])", RegretTable.Render(cells, TableFormat.Markdown));
    }
}

/// <summary>The regret plot (<see cref="RegretPlot"/>): well-formed SVG, one panel per task, a point per finished row at its mean and an error bar at its CI.</summary>
public class RegretPlotTests
{
    [Fact]
    public void Plot_has_a_panel_per_task_a_point_per_finished_row_and_its_confidence_interval()
    {
        SummaryRow Row(string task, string method, int n, double mean, double lo, double hi) => new(task, method, "", n, mean, 0.1, 0.05, lo, hi, null, null, 0);
        var rows = new[]
        {
            Row("wind", "df2", 3, 56.3, 55.0, 57.6), Row("wind", "two-stage-pe", 3, 79.0, 78.0, 80.0), Row("wind", "lodl", 0, double.NaN, double.NaN, double.NaN),
            Row("synthetic-convex", "df2", 1, 4.73, double.NaN, double.NaN),
        };
        var svg = System.Xml.Linq.XDocument.Parse(RegretPlot.Svg(rows));
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("wind", texts);
        Assert.Contains("synthetic-convex", texts);
        Assert.Contains("n = 0", texts);
        var points = svg.Descendants(ns + "circle").ToList();
        Assert.Equal(3, points.Count);                                             // the three rows with finished cells
        Assert.Contains(points, c => c.Value.StartsWith("df2: mean 56.3, 95% CI [55, 57.6], n = 3", StringComparison.Ordinal));
        // wind's axis runs over [55, 80] ± 5 %: the df2 point lies left of the two-stage-pe point, both inside the panel
        double Cx(string label) => double.Parse(points.Single(c => c.Value.StartsWith(label, StringComparison.Ordinal)).Attribute("cx")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Cx("df2: mean 56.3") < Cx("two-stage-pe: mean 79"));
        Assert.Equal("#c33", points.First(c => c.Value.StartsWith("df2", StringComparison.Ordinal)).Attribute("fill")!.Value);
        // error bars: a horizontal line and two caps for each row with a CI (two wind rows), none for the single cell
        var bars = svg.Descendants(ns + "line").Where(l => l.Attribute("stroke-width")?.Value == "1.5").ToList();
        Assert.Equal(6, bars.Count);
    }

    [Fact]
    public void An_empty_sweep_draws_a_note()
    {
        Assert.Contains("no finished cells yet", RegretPlot.Svg([]));
    }
}
