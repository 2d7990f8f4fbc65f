using Df2.Specs;
using Df2.Learning.Running;
using Df2.Robust.Running;

namespace Df2.Robust.Tests;

/// <summary>The cell entry point: validation, the example specs, dependency failures.</summary>
public sealed class RunnerTests
{
    private static string Example(string name)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "examples", name))) return Path.Combine(d.FullName, "examples", name);
        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData("quick-3dl.yaml")]
    [InlineData("3dl-paper.yaml")]
    [InlineData("small-3dl.yaml")]
    [InlineData("medium-3dl.yaml")]
    public void Example_spec_parses_and_every_cell_validates(string file)
    {
        var spec = SweepSpecParser.ParseFile(Example(file));
        var cells = SweepExpander.Expand(spec);
        Assert.NotEmpty(cells);
        foreach (var c in cells)
        {
            Assert.True(RobustCellRunner.Handles(c.Task));
            RobustCellRunner.Validate(new CellRequest(c.Task, c.Method, c.Parameters, c.Seed, c.DataSeed));
        }
        Assert.Contains(cells, c => c.Method == "3dl");
        Assert.Contains(cells, c => c.Method == "persistence");
    }

    [Fact]
    public void Unknown_parameters_and_methods_are_rejected_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["epochz"] = "3" }, 0, 0)));
        Assert.Contains("epochz", e.Message);
        Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "nope", new Dictionary<string, string>(), 0, 0)));
        var threads = Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["threads"] = "1" }, 0, 0)));
        Assert.Contains("the host sets libtorch's threads", threads.Message);
    }

    [Fact]
    public void Only_3dl_cells_run_as_rounds_of_halves()
    {
        Assert.True(ThreeDLearningSteps.IsRoundBased("llm-provisioning", "3dl"));
        Assert.False(ThreeDLearningSteps.IsRoundBased("llm-provisioning", "dfl"));
        Assert.False(ThreeDLearningSteps.IsRoundBased("wind", "3dl"));
        Assert.Equal(6, ThreeDLearningSteps.Halves(new CellRequest("llm-provisioning", "3dl", new Dictionary<string, string> { ["rounds"] = "3" }, 0, 0)));
        Assert.Throws<ArgumentException>(() => ThreeDLearningSteps.RunHalf(
            new CellRequest("llm-provisioning", "3dl", new Dictionary<string, string> { ["rounds"] = "1" }, 0, 0), 2, null, CancellationToken.None));
    }

    [Fact]
    public void Persistence_cell_reports_every_test_set()
    {
        var m = RobustCellRunner.Run(new CellRequest("llm-provisioning", "persistence", new Dictionary<string, string>(), 0, 0),
            new MemorySink(), _ => { }, CancellationToken.None);
        foreach (var set in new[] { "23V-test", "23D", "23D24D", "23D24V", "24D24V", "24V-half", "24D-half" })
        {
            Assert.True(m.Extra[$"regret_{set}"] > 0 && m.Extra[$"regret_{set}"] < 1, $"{set}: {m.Extra[$"regret_{set}"]}");
            Assert.True(double.IsFinite(m.Extra[$"regret_bw_{set}"]));
        }
        Assert.Equal(m.Extra["regret_avg5"], m.Regret);
    }

    [Fact]
    public void Cells_name_their_dependencies_with_exactly_the_parameters_that_determine_them()
    {
        CellRequest R(string method, Dictionary<string, string> p) => new("llm-provisioning", method, p, 3, 0);
        var common = new Dictionary<string, string> { ["dfl_epochs"] = "2", ["ddpm_iters"] = "30", ["test_rows"] = "14000" };
        Assert.Empty(RobustCellRunner.Dependencies(R("persistence", common)));
        var dfl = Assert.Single(RobustCellRunner.Dependencies(R("dfl", common)));
        var kl = Assert.Single(RobustCellRunner.Dependencies(R("kl-dro", new(common) { ["rho"] = "5", ["epochs"] = "1" })));
        Assert.Equal(RobustSettings.DflPredictor, kl.Method);
        Assert.Equal(dfl.Parameters, kl.Parameters);   // the baseline's own settings do not determine the predictor
        Assert.Equal(new Dictionary<string, string> { ["objective"] = "paper", ["dfl_epochs"] = "2", ["dfl_lr"] = "0.001", ["batch"] = "64" }, dfl.Parameters);
        Assert.Equal([RobustSettings.DflPredictor, RobustSettings.DdpmPretrain], RobustCellRunner.Dependencies(R("3dl", common)).Select(d => d.Method));
        var ddpm = Assert.Single(RobustCellRunner.Dependencies(R("ddpm", common)));
        Assert.Equal("30", ddpm.Parameters["ddpm_iters"]);
        Assert.DoesNotContain("test_rows", ddpm.Parameters.Keys);
        foreach (var d in RobustCellRunner.Dependencies(R("3dl", common)))
        {
            RobustCellRunner.Validate(R(d.Method, new(d.Parameters)));
            Assert.Empty(RobustCellRunner.Dependencies(R(d.Method, new(d.Parameters))));
        }
        var e = Assert.Throws<ArgumentException>(() => RobustCellRunner.Validate(R("dfl", new() { ["shared_dir"] = "/tmp/x" })));
        Assert.Contains("shared_dir", e.Message);
    }

    [Fact]
    public void A_cell_run_without_its_dependency_artifact_fails_naming_the_dependency()
    {
        var e = Assert.Throws<CellFailedException>(() => RobustCellRunner.Run(
            new CellRequest("llm-provisioning", "dfl", new Dictionary<string, string> { ["test_rows"] = "28" }, 0, 0), new MemorySink(), _ => { }, CancellationToken.None));
        Assert.Contains(RobustSettings.DflPredictor, e.Message);
    }

    [Theory]
    [InlineData("quick-3dl.yaml", 1)]
    [InlineData("small-3dl.yaml", 1)]
    [InlineData("medium-3dl.yaml", 1)]
    [InlineData("3dl-paper.yaml", 2)]   // one DFL predictor per objective; the DDPM does not depend on it
    public void Example_sweeps_run_each_dependency_once_before_its_dependents(string file, int objectives)
    {
        var prepared = SweepSubmission.PrepareFile(Example(file), new Df2.Grains.LearningCellExecutor());
        var seeds = prepared.Spec.Seeds.Count;
        Assert.Equal(seeds * objectives, prepared.Cells.Count(c => c.Method == RobustSettings.DflPredictor));
        Assert.Equal(seeds, prepared.Cells.Count(c => c.Method == RobustSettings.DdpmPretrain));
        var position = prepared.Cells.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i);
        foreach (var c in prepared.Cells)
            Assert.All(c.DependsOn, d => Assert.True(position[d] < position[c.Key], $"{c.Key} is listed before its dependency {d}"));
        Assert.All(prepared.Cells.Where(c => c.Method is "3dl"), c => Assert.Equal(2, c.DependsOn.Count));
        Assert.All(prepared.Cells.Where(c => c.Method is "persistence"), c => Assert.Empty(c.DependsOn));
    }
}
